/* embedded.h: files of data/ compiled into the library (see cmake/embed.cmake). */
#ifndef STACKWATCH_EMBEDDED_H
#define STACKWATCH_EMBEDDED_H
#include <stddef.h>
/* NUL-terminated contents of data/<name>, or NULL; *len gets its size. */
const char *sw_embedded(const char *name, size_t *len);
#endif
