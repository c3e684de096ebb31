#!/bin/sh
# tests/e2e/cli_front.sh - the front-end commands through the real binary:
# import search order (-I, STORYC_PATH, stdlib), the installed layout, plan
# output formats, exit codes of usage errors.
set -u
: "${STORYC:?}" "${TOP:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ok() { echo "PASS $1"; }
no() { echo "FAIL $1: $2"; }

# -- import search order ------------------------------------------------------
mkdir -p "$t/proj" "$t/inc" "$t/envlib" "$t/proj/lib"
cat >"$t/proj/main.story" <<'S'
import "looks"
import "lib/local"
character li { look: "{looks.x} and {local.y}" }
episode 1 { scene s { shot 1s { prompt: "{li}" } } }
S
printf 'character x { look: "from inc" }\n' >"$t/inc/looks.story"
printf 'character x { look: "from env" }\n' >"$t/envlib/looks.story"
printf 'character y { look: "local" }\n' >"$t/proj/lib/local.story"
"$STORYC" check "$t/proj" 2>"$t/err" && no import_not_found_without_I "compiled" || {
  grep -q 'cannot find import "looks"' "$t/err" && ok import_not_found_without_I || no import_not_found_without_I "$(head -1 "$t/err")"; }
"$STORYC" plan "$t/proj" -I "$t/inc" -o "$t/p.json" && grep -q "from inc and local" "$t/p.json" &&
  ok import_from_I || no import_from_I "look not expanded from -I"
STORYC_PATH="$t/envlib" "$STORYC" plan "$t/proj" -o "$t/p.json" && grep -q "from env" "$t/p.json" &&
  ok import_from_STORYC_PATH || no import_from_STORYC_PATH "look not from STORYC_PATH"
STORYC_PATH="$t/envlib" "$STORYC" plan "$t/proj" -I "$t/inc" -o "$t/p.json" && grep -q "from inc" "$t/p.json" &&
  ok I_before_STORYC_PATH || no I_before_STORYC_PATH "-I did not win over STORYC_PATH"
# The importing file's folder comes first, even before -I.
mkdir -p "$t/proj2"
printf 'import "looks"\ncharacter li { look: "{looks.x}" }\nepisode 1 { scene s { shot 1s { prompt: "{li}" } } }\n' >"$t/proj2/main.story"
printf 'character x { look: "beside main" }\n' >"$t/proj2/looks.story"
"$STORYC" plan "$t/proj2/main.story" -I "$t/inc" -o "$t/p2.json" && grep -q "beside main" "$t/p2.json" &&
  ok importing_folder_first || no importing_folder_first "-I won over the importing file's folder"

# -- the installed layout finds its stdlib --------------------------------------
mkdir -p "$t/prefix/bin" "$t/prefix/share/storyc"
cp "$STORYC" "$t/prefix/bin/storyc"
cp -R "$TOP/stdlib" "$t/prefix/share/storyc/"
(cd "$t" && env -u STORYC_STDLIB "$t/prefix/bin/storyc" check "$TOP/tests/golden/plan/design.story") &&
  ok installed_layout_finds_stdlib || no installed_layout_finds_stdlib "std imports failed"

# -- plan formats and files ----------------------------------------------------------
d="$TOP/tests/golden/plan/design.story"
"$STORYC" plan "$d" --format dot >"$t/g.dot" && grep -q '^digraph plan' "$t/g.dot" && grep -q -- '->' "$t/g.dot" &&
  ok plan_dot || no plan_dot "no graph"
"$STORYC" plan "$d" -o "$t/out.json" && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$t/out.json" &&
  ok plan_json_file || no plan_json_file "not JSON"
ls "$t"/out.json.tmp* >/dev/null 2>&1 && no plan_no_temp_left "temp file left" || ok plan_no_temp_left
"$STORYC" plan "$d" -o "$t/nowhere/out.json" 2>"$t/err"; rc=$?
[ $rc -eq 2 ] && grep -q "cannot write" "$t/err" && ok plan_unwritable_exit_2 || no plan_unwritable_exit_2 "exit $rc"

# -- exit codes ---------------------------------------------------------------------
"$STORYC" frobnicate 2>/dev/null; [ $? -eq 2 ] && ok unknown_command_exit_2 || no unknown_command_exit_2 "wrong exit"
"$STORYC" plan --format yaml "$d" 2>/dev/null; [ $? -eq 2 ] && ok bad_flag_value_exit_2 || no bad_flag_value_exit_2 "wrong exit"
"$STORYC" check --bogus 2>/dev/null; [ $? -eq 2 ] && ok unknown_flag_exit_2 || no unknown_flag_exit_2 "wrong exit"
"$STORYC" check "$t/does-not-exist" 2>"$t/err"; rc=$?
[ $rc -eq 1 ] && grep -q "cannot read" "$t/err" && ok missing_path || no missing_path "exit $rc"
mkdir -p "$t/empty"
"$STORYC" check "$t/empty" 2>"$t/err"; [ $? -eq 1 ] && grep -q "has no .story files" "$t/err" && ok empty_folder || no empty_folder "wrong"
"$STORYC" --help | grep -q "storyc build" && ok help || no help "no usage"
"$STORYC" check --help | grep -q "usage: storyc check" && ok command_help || no command_help "no usage"
(cd "$TOP/tests/golden/plan" && "$STORYC" check) && ok check_defaults_to_cwd || no check_defaults_to_cwd "failed"
"$STORYC" check "$d" "$TOP/tests/golden/diag/chinese.story" && ok check_several_paths || no check_several_paths "failed"
