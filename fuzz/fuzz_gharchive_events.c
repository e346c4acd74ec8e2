/* fuzz_gharchive_events.c: the extractor target again, seeded with hand-made
 * events in today's GH Archive shape (fuzz/seeds/gharchive_events) so that the
 * fast path (template head, lazy payload, tail search) is explored too. */
#include "fuzz_gharchive_json.c"
