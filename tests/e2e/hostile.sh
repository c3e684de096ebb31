#!/bin/sh
# tests/e2e/hostile.sh - inputs meant to break the compiler: it must answer
# each with diagnostics (or a clean compile) and never crash or run out of
# stack.
set -u
: "${STORYC:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# run NAME WANT_EXIT PATTERN FILE: storyc check FILE exits WANT_EXIT and its
# stderr matches PATTERN (grep -E).
run() {
  "$STORYC" check "$4" >/dev/null 2>"$t/err"
  rc=$?
  if [ "$rc" -ne "$2" ]; then
    echo "FAIL $1: exit $rc, expected $2"; head -5 "$t/err"
  elif [ -n "$3" ] && ! grep -Eq "$3" "$t/err"; then
    echo "FAIL $1: stderr lacks /$3/"; head -5 "$t/err"
  else
    echo "PASS $1"
  fi
}

python3 - "$t" <<'PY'
import os, random, sys
t = sys.argv[1]
w = lambda name, data: open(os.path.join(t, name), "wb").write(data)
w("braces.story", b"{" * 10000 + b"}" * 10000)
w("deep_blocks.story", b"episode 1 " + b"{ scene s " * 5000)
rnd = random.Random(42)
w("garbage.story", bytes(rnd.randrange(256) for _ in range(200000)))
w("garbage_ascii.story", bytes(rnd.choice(b"{}:.,\"\\ \n\tabc123-/*") for _ in range(200000)))
w("utf16.story", "character li { look: \"x\" }\n".encode("utf-16"))
chain = ["style s0 { prompt: \"base\" }"]
chain += ["style s%d extends s%d { prompt: \"p%d\" }" % (i, i - 1, i) for i in range(1, 10000)]
chain.append("episode 1 { scene a { shot 1s { prompt: \"x\" style: s9999 } } }")
w("chain.story", "\n".join(chain).encode())
cyc = ["style c%d extends c%d { prompt: \"p\" }" % (i, (i + 1) % 10000) for i in range(10000)]
w("cycle.story", "\n".join(cyc).encode())
w("huge_token.story", b"character li { look: \"" + b"a" * (1 << 20) + b"\" }\n")
w("huge_name.story", b"character " + b"x" * ((1 << 20) + 10) + b" { }\n")
w("many_errors.story", b"character a { bad: 1 }\n" * 100000)
w("big_number.story", b"character li { seed: " + b"9" * 5000 + b" }\n")
w("nested_refs.story", ("\n".join("character c%d { look: \"{c%d}\" }" % (i, i + 1) for i in range(1000))
   + "\ncharacter c1000 { look: \"end\" }\nepisode 1 { scene a { shot 1s { prompt: \"{c0}\" } } }").encode())
w("self_ref.story", b"character a { look: \"{b}\" }\ncharacter b { look: \"{a}\" }\nepisode 1 { scene s { shot 1s { prompt: \"{a}\" } } }")
w("big_name.csv", b"name,prompt\n" + b"a" * (2 << 20) + b",x\n")
w("import_big_name.story", b'import "big_name.csv"\n')
w("big_braces.csv", b"name,prompt\nx," + b"{" * (512 << 10) + b"\n")
w("import_big_braces.story", b'import "big_braces.csv"\n')
w("empty.story", b"")
w("only_comments.story", b"// nothing\n/* here */\n")
PY

run braces_10000_deep 1 'nesting deeper than 256' "$t/braces.story"
run blocks_5000_deep 1 'nesting deeper than 256|unexpected' "$t/deep_blocks.story"
run binary_garbage 1 'invalid UTF-8|NUL byte' "$t/garbage.story"
run ascii_garbage 1 'error' "$t/garbage_ascii.story"
run utf16_file 1 'UTF-16' "$t/utf16.story"
run extends_chain_10000 0 '' "$t/chain.story"
run extends_cycle_10000 1 'goes round in a circle' "$t/cycle.story"
run token_over_1MiB 1 'token longer than 1 MiB' "$t/huge_token.story"
run name_over_1MiB 1 'token longer than 1 MiB' "$t/huge_name.story"
run error_cap 1 'too many errors \(20\), stopping' "$t/many_errors.story"
run number_5000_digits 1 'too large' "$t/big_number.story"
run refs_1000_deep 1 'expands too deeply' "$t/nested_refs.story"
run look_refers_to_itself 1 'refers back to itself' "$t/self_ref.story"
run csv_style_name_over_1MiB 1 'name is longer than 1024 bytes' "$t/import_big_name.story"
run csv_prompt_of_braces_512KiB 1 'longer than 512 KiB' "$t/import_big_braces.story"
run empty_file 0 '' "$t/empty.story"
run only_comments 0 '' "$t/only_comments.story"
"$STORYC" check "$t/many_errors.story" 2>&1 | grep -c ': error:' | grep -qx 20 && echo "PASS error_cap_is_20" || echo "FAIL error_cap_is_20"
