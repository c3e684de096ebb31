#!/bin/sh
# tests/e2e/http_a1111.sh - the a1111 backend through the real binary against
# a local fake AUTOMATIC1111 API (tests/servers/fake_a1111.py): txt2img with
# the size fitted to multiples of 64, img2img with a reference image as
# base64, basic auth when A1111_USER / A1111_PASSWORD are set, 500 retried,
# a cut-off answer resent (a local service: "resend": true), the service's
# error detail in the message.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
export FAKE_A1111_AUTH=artist:pa55word-xyz A1111_USER=artist A1111_PASSWORD=pa55word-xyz
start_fake a1111
export STORYC_A1111_BASE_URL="http://127.0.0.1:$port"
p="$t/proj"
mkdir -p "$p/refs"
cp "$t/media/image.png" "$p/refs/li.png"
cd "$p" || exit 1
cat >film.story <<'S'
series "A1111" { format: vertical_540p language: "en" backends { image: a1111 } }
character li "Li" { look: "young fisherman" ref: "refs/li.png" seed: 5 }
style plain { prompt: "flat colors" negative: "blurry" }
episode 1 "One" {
  style: plain
  scene s {
    shot wide 1s { prompt: "a lighthouse" }
    shot wide 1s { prompt: "{li} fishing" }
    shot wide 1s { prompt: "a boat @@err500" }
    shot wide 1s { prompt: "a gull @@cutoff" }
    shot wide 1s { prompt: "a reef @@moderation" }
  }
}
S
"$STORYC" build -k ep1/s/1/image ep1/s/2/image ep1/s/3/image ep1/s/4/image ep1/s/5/image >"$t/out" 2>"$t/err"
jobs_line "$t/out" | grep -q "jobs: 3 run, 0 cached, 2 failed" && ok a1111_counts || no a1111_counts "$(jobs_line "$t/out") $(grep FAILED "$t/err")"
grep -q '"width": 512, "height": 960' "$srvlog" && ok size_fitted || no size_fitted "$(head -1 "$srvlog")"
grep -q '"negative": "blurry"' "$srvlog" && ok negative_prompt_sent || no negative_prompt_sent "$(head -1 "$srvlog")"
[ "$(count '"init_images": 1' '"seed": 5')" = 1 ] && ok img2img_with_reference || no img2img_with_reference "$(grep init "$srvlog")"
[ "$(count '"scenario": "err500"')" = 2 ] && ok server_error_retried || no server_error_retried "$(count err500)"
[ "$(count '"scenario": "cutoff"')" = 3 ] && grep -q 'FAILED ep1/s/4/image: cannot reach a1111' "$t/err" && ok cut_off_resent_to_local_service ||
  no cut_off_resent_to_local_service "$(count cutoff) $(grep s/4/image "$t/err")"
grep -q 'FAILED ep1/s/5/image: .*blocked' "$t/err" && ok service_detail_in_message || no service_detail_in_message "$(grep s/5/image "$t/err")"
cmp -s build/ep01/s/01-wide.png "$t/media/image.png" && ok image_stored || no image_stored "$(ls build/ep01/s 2>&1)"
A1111_PASSWORD=wrong "$STORYC" build ep1/s/1/image --cache "$t/c2" -o "$t/o2" >"$t/out" 2>"$t/err"
grep -q 'FAILED ep1/s/1/image: a1111 refused the request (HTTP 401): Incorrect username or password' "$t/err" && ok wrong_password_refused ||
  no wrong_password_refused "$(grep FAILED "$t/err")"
grep -rqs "pa55word-xyz\|wrong" "$t/err" "$t/out" && no password_never_printed leaked || ok password_never_printed
exit 0
