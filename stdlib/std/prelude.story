// std/prelude.story - visible in every project without an import.
//
// Shot sizes (`shot wide 4s { ... }`) and camera moves (`camera: push_in`):
// the names every backend understands. Each adds its phrasing to the prompt;
// a camera move's `motion` is the base movement the draft backend draws and
// video backends are asked for. Extend them in your own files:
//   camera slow_push extends push_in { prompt: "very slow push in" }

size extreme_wide { prompt: "extreme wide shot, tiny figures in a vast landscape" }
size wide         { prompt: "wide shot, full figure within the environment" }
size full         { prompt: "full shot, head to toe" }
size medium_wide  { prompt: "medium wide shot, from the knees up" }
size medium       { prompt: "medium shot, from the waist up" }
size medium_close { prompt: "medium close-up, chest and shoulders" }
size closeup      { prompt: "close-up on the face" }
size close        extends closeup {}
size extreme_closeup { prompt: "extreme close-up, eyes and detail" }
size over_shoulder { prompt: "over-the-shoulder shot" }
size pov          { prompt: "point-of-view shot" }
size insert       { prompt: "insert shot of a detail" }

camera static    { motion: static    prompt: "locked-off static camera" }
camera push_in   { motion: push_in   prompt: "slow push in" }
camera pull_out  { motion: pull_out  prompt: "slow pull out" }
camera pan_left  { motion: pan_left  prompt: "camera pans left" }
camera pan_right { motion: pan_right prompt: "camera pans right" }
camera tilt_up   { motion: tilt_up   prompt: "camera tilts up" }
camera tilt_down { motion: tilt_down prompt: "camera tilts down" }
camera orbit     { motion: orbit     prompt: "camera orbits around the subject" }
camera crane     { motion: crane     prompt: "crane shot rising over the scene" }
camera handheld  { motion: handheld  prompt: "handheld camera, slight shake" }
