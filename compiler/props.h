/* props.h - which properties each block takes, and of what type. One table
 * drives the checks (unknown or repeated property, wrong type) and the
 * "did you mean" suggestions. docs/language.md lists the same. */
#ifndef STORYC_PROPS_H
#define STORYC_PROPS_H
#include "ast.h"

typedef enum PropType {
  P_STRING,   /* "text" */
  P_PROMPT,   /* "text with {name} references" */
  P_INT,      /* 42 */
  P_DURATION, /* 4s */
  P_NAME,     /* a name: storm, guofeng.ink_wash */
} PropType;

typedef struct PropSpec {
  const char *name;
  PropType type;
} PropSpec;

/* The properties a block of this kind takes (terminated by a NULL name). */
const PropSpec *props_for(NodeKind kind);
const char *prop_type_desc(PropType t);

#endif
