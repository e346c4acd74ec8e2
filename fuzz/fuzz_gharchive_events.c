/* fuzz_gharchive_events.c: the extractor target again, on files of event
 * lines (each line checked as in fuzz_gharchive_json), seeded with
 * hand-made events in today's GH Archive shape (fuzz/seeds/gharchive_events)
 * and the real 2021 sample from ../shared (gharchive_events.shared, read in
 * place), so that the fast path (template head, lazy payload, tail search)
 * and the validator meet real payloads. */
#define FUZZ_LINES 1
#include "fuzz_gharchive_json.c"
