/* importer.h - style libraries from other tools, imported as if they were
 * .story files: `import "styles.csv"` (an AUTOMATIC1111 styles.csv) and
 * `import "fooocus.json"` (a Fooocus / SDXL prompt styler JSON file). The
 * module loader (module.c) converts the file to .story source text and
 * parses that; docs/importers.md describes the rules. */
#ifndef STORYC_IMPORTER_H
#define STORYC_IMPORTER_H
#include "diag.h"
#include <stdbool.h>

/* True when path names a file the importer converts (.csv or .json, in any
 * letter case). */
bool importer_handles(const char *path);

/* Converts an A1111 styles.csv or a Fooocus styles JSON (f->path tells which
 * by extension) into .story source text declaring one style per entry; names
 * are made into valid identifiers (lowercase, non-alphanumerics -> '_', runs
 * of '_' folded, leading digit or keyword prefixed with 's_', duplicates get
 * _2, _3), the original name kept as the title. Errors in the file (bad CSV
 * quoting, not JSON, an entry without a name) are reported with diag_error
 * at the right offset in f. Returns a malloc'ed NUL-terminated string, or
 * NULL after reporting. */
char *importer_to_story(SourceFile *f, Diags *d);

#endif
