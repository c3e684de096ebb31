/* parser.y - the grammar of the .story language (bison, LALR(1), pure).
 *
 * Actions only build the AST (compiler/ast.h); every check beyond syntax
 * lives in compiler/. Errors: a custom reporter says what was found and what
 * was expected; `error` rules in every list resynchronise at the next item,
 * so one run reports as many real errors as it can. Each rule has its EBNF in
 * a comment. */
%define api.pure full
%define parse.error custom
%define api.location.type {Loc}
%param {Parser *ps}
%expect 0

%code requires {
#include "ast.h"
#include "lexer.h"
typedef struct Parser {
  Lexer lx;
  Arena *arena;
  AstFile *out;
  Diags *diags;
  SourceFile *file;
} Parser;
}

%code {
#include "strlit.h"
#include <stdio.h>
#include <string.h>
int lex_next(YYSTYPE *lval, Loc *lloc, Lexer *lx);
#define yylex(lval, lloc, ps) lex_next(lval, lloc, &(ps)->lx)
#define YYLLOC_DEFAULT(Cur, Rhs, N)                         \
  do {                                                      \
    if (N) {                                                \
      (Cur).off = YYRHSLOC(Rhs, 1).off;                     \
      (Cur).end = YYRHSLOC(Rhs, N).end;                     \
    } else {                                                \
      (Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;         \
    }                                                       \
  } while (0)

static Name name_of(Parser *ps, Tok t);
static Name name_join(Parser *ps, Name a, Tok b);
static Value value_string(Parser *ps, Tok t);
static Value value_num(ValueKind k, Tok t);
static Value value_name(Name n);
static Node *node(Parser *ps, NodeKind k, uint32_t off);
static void yyerror(const Loc *loc, Parser *ps, const char *msg);
}

%union {
  Tok tok;
  Name name;
  Value value;
  Node *node;
  NodeKind kind;
}

%token END 0 "end of file"
%token <tok> IDENT "name" STRING "string" INT "number" DECIMAL "decimal number" DURATION "duration"
%token <tok> IMPORT "'import'" AS "'as'" SERIES "'series'" STYLE "'style'" EXTENDS "'extends'"
%token <tok> CHARACTER "'character'" CREATURE "'creature'" PLACE "'place'" MUSIC "'music'"
%token <tok> EPISODE "'episode'" SCENE "'scene'" AT "'at'" CUE "'cue'" FADE "'fade'" SHOT "'shot'"
%token <tok> SIZE "'size'" CAMERA "'camera'" BACKENDS "'backends'"
%token <tok> '{' "'{'" '}' "'}'" ':' "':'" '.' "'.'" ',' "','"
%token LEXERROR "invalid token"

%type <node> decl import series entity episode scene cue shot line prop backends
%type <node> series_body entity_body episode_body scene_body shot_body props
%type <name> qname opt_alias opt_extends opt_at opt_qname
%type <value> opt_title value opt_cue_at opt_fade opt_duration
%type <tok> propname
%type <kind> entity_kw

%%

/* file -> decl* */
file
  : %empty
  | file decl      { ast_file_append(ps->out, $2); }
  | file error
  ;

decl : import | series | entity | episode ;

/* import -> 'import' STRING ['as' IDENT] */
import
  : IMPORT STRING opt_alias {
      $$ = node(ps, N_IMPORT, $1.off);
      $$->str = value_string(ps, $2);
      $$->name = $3;
    }
  ;

opt_alias : %empty { $$ = (Name){0}; } | AS IDENT { $$ = name_of(ps, $2); } ;

/* series -> 'series' STRING '{' (prop | backends)* '}' */
series
  : SERIES STRING '{' series_body '}' {
      $$ = $4;
      $$->off = $1.off;
      $$->str = value_string(ps, $2);
    }
  ;

series_body
  : %empty               { $$ = node(ps, N_SERIES, 0); }
  | series_body prop     { $$ = $1; ast_append($$, $2); }
  | series_body backends { $$ = $1; ast_append($$, $2); }
  | series_body error    { $$ = $1; }
  ;

/* backends -> 'backends' '{' prop* '}' */
backends
  : BACKENDS '{' props '}' { $$ = $3; $$->kind = N_BACKENDS; $$->off = $1.off; }
  ;

/* entity -> kw IDENT [STRING] ['extends' qname] '{' prop* '}' */
entity
  : entity_kw IDENT opt_title opt_extends '{' entity_body '}' {
      $$ = $6;
      $$->kind = $1;
      $$->off = @1.off;
      $$->name = name_of(ps, $2);
      $$->str = $3;
      $$->ref = $4;
    }
  ;

entity_kw
  : STYLE { $$ = N_STYLE; } | CHARACTER { $$ = N_CHARACTER; } | CREATURE { $$ = N_CREATURE; }
  | PLACE { $$ = N_PLACE; } | MUSIC { $$ = N_MUSIC; } | SIZE { $$ = N_SIZE; } | CAMERA { $$ = N_CAMERA; }
  ;

entity_body : props ;

opt_title : %empty { $$ = (Value){0}; } | STRING { $$ = value_string(ps, $1); } ;
opt_extends : %empty { $$ = (Name){0}; } | EXTENDS qname { $$ = $2; } ;

/* episode -> 'episode' INT [STRING] '{' (prop | scene)* '}' */
episode
  : EPISODE INT opt_title '{' episode_body '}' {
      $$ = $5;
      $$->off = $1.off;
      $$->value = value_num(V_INT, $2);
      $$->str = $3;
    }
  ;

episode_body
  : %empty             { $$ = node(ps, N_EPISODE, 0); }
  | episode_body prop  { $$ = $1; ast_append($$, $2); }
  | episode_body scene { $$ = $1; ast_append($$, $2); }
  | episode_body error { $$ = $1; }
  ;

/* scene -> 'scene' IDENT [STRING] ['at' qname] '{' (prop | cue | shot)* '}' */
scene
  : SCENE IDENT opt_title opt_at '{' scene_body '}' {
      $$ = $6;
      $$->off = $1.off;
      $$->name = name_of(ps, $2);
      $$->str = $3;
      $$->ref = $4;
    }
  ;

opt_at : %empty { $$ = (Name){0}; } | AT qname { $$ = $2; } ;

scene_body
  : %empty           { $$ = node(ps, N_SCENE, 0); }
  | scene_body prop  { $$ = $1; ast_append($$, $2); }
  | scene_body cue   { $$ = $1; ast_append($$, $2); }
  | scene_body shot  { $$ = $1; ast_append($$, $2); }
  | scene_body error { $$ = $1; }
  ;

/* cue -> 'cue' qname ['at' DURATION] ['fade' DURATION] */
cue
  : CUE qname opt_cue_at opt_fade {
      $$ = node(ps, N_CUE, $1.off);
      $$->ref = $2;
      $$->value = $3;
      $$->str = $4; /* the fade */
    }
  ;

opt_cue_at : %empty { $$ = (Value){0}; } | AT DURATION { $$ = value_num(V_DURATION, $2); } ;
opt_fade : %empty { $$ = (Value){0}; } | FADE DURATION { $$ = value_num(V_DURATION, $2); } ;

/* shot -> 'shot' [qname] [DURATION] '{' (prop | line)* '}' */
shot
  : SHOT opt_qname opt_duration '{' shot_body '}' {
      $$ = $5;
      $$->off = $1.off;
      $$->ref = $2;
      $$->value = $3;
    }
  ;

opt_qname : %empty { $$ = (Name){0}; } | qname ;
opt_duration : %empty { $$ = (Value){0}; } | DURATION { $$ = value_num(V_DURATION, $1); } ;

shot_body
  : %empty          { $$ = node(ps, N_SHOT, 0); }
  | shot_body prop  { $$ = $1; ast_append($$, $2); }
  | shot_body line  { $$ = $1; ast_append($$, $2); }
  | shot_body error { $$ = $1; }
  ;

/* line -> IDENT STRING          (a character speaks) */
line
  : IDENT STRING {
      $$ = node(ps, N_LINE, $1.off);
      $$->name = name_of(ps, $1);
      $$->str = value_string(ps, $2);
    }
  ;

props
  : %empty      { $$ = node(ps, N_PROP, 0); }
  | props prop  { $$ = $1; ast_append($$, $2); }
  | props error { $$ = $1; }
  ;

/* prop -> name ':' value */
prop
  : propname ':' value {
      $$ = node(ps, N_PROP, $1.off);
      $$->name = name_of(ps, $1);
      $$->value = $3;
    }
  ;

/* Keywords double as property names (`style: storm`, `camera: push_in`). */
propname
  : IDENT | STYLE | MUSIC | PLACE | CHARACTER | CREATURE | SIZE | CAMERA
  ;

value
  : STRING   { $$ = value_string(ps, $1); }
  | INT      { $$ = value_num(V_INT, $1); }
  | DECIMAL  { $$ = value_num(V_DECIMAL, $1); }
  | DURATION { $$ = value_num(V_DURATION, $1); }
  | qname    { $$ = value_name($1); }
  ;

/* qname -> IDENT ('.' IDENT)* */
qname
  : IDENT           { $$ = name_of(ps, $1); }
  | qname '.' IDENT { $$ = name_join(ps, $1, $3); }
  ;

%%

/* Only for bison's own failures ("memory exhausted"); syntax errors go
 * through yyreport_syntax_error. */
static void yyerror(const Loc *loc, Parser *ps, const char *msg) {
  diag_error(ps->diags, ps->file, loc->off, 1, "%s", msg);
}

static Node *node(Parser *ps, NodeKind k, uint32_t off) { return ast_new(ps->arena, k, ps->file, off); }

static Name name_of(Parser *ps, Tok t) {
  Name n = {arena_strndup(ps->arena, ps->file->text + t.off, t.len), t.off, t.len};
  return n;
}

static Name name_join(Parser *ps, Name a, Tok b) {
  uint32_t end = b.off + b.len;
  /* Written without blanks around the dots, the text is the source span. */
  Name n = {NULL, a.off, end - a.off};
  if (end - a.off == a.len + 1 + b.len)
    n.text = arena_strndup(ps->arena, ps->file->text + a.off, end - a.off);
  else
    n.text = arena_printf(ps->arena, "%s.%.*s", a.text, (int)b.len, ps->file->text + b.off);
  return n;
}

static Value value_string(Parser *ps, Tok t) {
  Value v = {NULL, 0, t.off, t.len, V_STRING, false};
  Buf b = {0};
  const char *err;
  uint32_t err_off;
  if (strlit_to_buf(ps->file->text + t.off, t.len, t.off, &b, &err, &err_off) != 0)
    diag_error(ps->diags, ps->file, err_off, 2, "%s", err);
  v.str = arena_strndup(ps->arena, buf_cstr(&b), b.len);
  buf_free(&b);
  return v;
}

static Value value_num(ValueKind k, Tok t) {
  Value v = {NULL, t.num, t.off, t.len, k, t.overflow};
  return v;
}

static Value value_name(Name n) {
  Value v = {n.text, 0, n.off, n.len, V_NAME, false};
  return v;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, Parser *ps) {
  yysymbol_kind_t got = yypcontext_token(ctx);
  const Loc *loc = yypcontext_location(ctx);
  Lexer *lx = &ps->lx;
  if (got == YYSYMBOL_LEXERROR || lx->fatal) return 0; /* the lexer said it already */
  if (got == YYSYMBOL_YYEOF && lx->depth > 0) {
    uint32_t open = lx->open[lx->depth - 1];
    diag_error(ps->diags, ps->file, open, 1, "this '{' is never closed (the file ends first)");
    return 0;
  }
  yysymbol_kind_t expected[6];
  int n = yypcontext_expected_tokens(ctx, expected, 6);
  char msg[512];
  int len = snprintf(msg, sizeof msg, "unexpected %s", yysymbol_name(got));
  if (n > 0 && n <= 5) {
    len += snprintf(msg + len, sizeof msg - (size_t)len, ", expected ");
    for (int i = 0; i < n; i++)
      len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ",
                      yysymbol_name(expected[i]));
  }
  diag_error(ps->diags, ps->file, loc->off, loc->end - loc->off, "%s", msg);
  return 0;
}

int parse_file(SourceFile *f, Arena *arena, Diags *d, AstFile *out) {
  int before = d->errors;
  memset(out, 0, sizeof *out);
  out->file = f;
  const char *what;
  uint32_t bad = source_check_encoding(f, &what);
  if (bad != (uint32_t)-1) {
    diag_error(d, f, bad, 1, "%s", what);
    return d->errors - before;
  }
  Parser ps = {.arena = arena, .out = out, .diags = d, .file = f};
  lex_init(&ps.lx, f, d);
  yyparse(&ps);
  return d->errors - before;
}
