/* compile.c - the compiler driver: load, resolve, lower (compile.h). */
#include "compile.h"
#include "model.h"
#include "util.h"
#include <stdlib.h>

Plan *compile_project(const CompileOptions *opt, Diags *d) {
  Compiler c = {0};
  c.opt = opt;
  c.d = d;
  c.arena = arena_new();
  Plan *plan = NULL;
  /* Checks run after declaration errors (duplicates, missing imports), not
   * after syntax errors, whose half-read blocks would only cause noise. */
  if (module_load_project(&c, opt->path) == 0 && c.syntax_errors == 0 && !d->stopped) {
    resolve_project(&c);
    if (d->errors == 0) {
      plan = lower_project(&c);
      if (d->errors) {
        plan_free(plan);
        plan = NULL;
      }
    }
  }
  for (size_t i = 0; i < c.nmods; i++) {
    free(c.mods[i]->files);
    symtab_free(&c.mods[i]->names);
    symtab_free(&c.mods[i]->aliases);
  }
  free(c.mods);
  symtab_free(&c.modules);
  for (size_t i = 0; i < c.nsources; i++) source_free(c.sources[i]);
  free(c.sources);
  arena_free(c.arena);
  return plan;
}
