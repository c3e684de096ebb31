// std/camera.story - the named camera moves and shot sizes people use,
// beyond the prelude's base set.
//
//   import "std/camera" as cam
//   shot cam.cowboy 4s { prompt: "..."  camera: cam.dolly_zoom }
//
// (`as cam` because `camera` itself is a reserved word.)
//
// Every move extends a prelude move, so its `motion` - the base movement
// the draft backend draws and video backends are asked for - is known;
// its prompt adds the phrasing image-to-video models (Kling, Runway, Luma,
// Hailuo, Wan) respond to. A shot size's prompt joins the key frame's
// prompt: framing, angle and lens.

// ---- Camera moves ---------------------------------------------------

// static
camera locked_off extends static { prompt: "tripod-mounted, perfectly still frame, only the subject moves" }
camera breathing extends static { prompt: "nearly still frame with a barely perceptible handheld drift" }
camera rack_focus extends static {
  prompt: "rack focus: the focus pulls smoothly from the foreground to the background, the frame does not move"
}
camera timelapse extends static {
  prompt: "time-lapse from a fixed tripod, clouds racing, light and shadows sweeping across the scene"
}

// push_in
camera slow_push extends push_in { prompt: "very slow, steady dolly push toward the subject, building tension" }
camera dolly_in extends push_in { prompt: "smooth dolly in on tracks, the subject grows in frame, stable horizon" }
camera snap_zoom extends push_in { prompt: "sudden fast snap zoom onto the subject's face, a jolt of realization" }
camera dolly_zoom extends push_in {
  prompt: "dolly zoom (vertigo effect): the camera moves while the lens zooms the opposite way,
           the subject stays the same size as the background stretches and warps"
}
camera follow extends push_in {
  prompt: "tracking shot following the subject from behind at walking pace, steadicam smoothness"
}
camera fpv_dive extends push_in {
  prompt: "FPV drone dive, fast swooping descent toward the subject, banking turns, rushing motion"
}
camera drone_flyover extends push_in {
  prompt: "aerial drone flyover, gliding forward high above the landscape, slow and majestic"
}

// pull_out
camera slow_pull extends pull_out { prompt: "very slow pull back, the subject shrinking into its surroundings" }
camera reveal_pull extends pull_out {
  prompt: "pull-back reveal: the camera retreats to reveal the vast scale of the scene around the subject"
}
camera dolly_out extends pull_out { prompt: "smooth dolly out on tracks, steady and unhurried" }
camera drone_retreat extends pull_out {
  prompt: "aerial drone pulls back and up, the subject becoming tiny in the landscape"
}

// pan
camera slow_pan_left extends pan_left { prompt: "slow, smooth pan to the left across the scene" }
camera slow_pan_right extends pan_right { prompt: "slow, smooth pan to the right across the scene" }
camera whip_pan extends pan_right {
  prompt: "whip pan: a very fast swish pan with heavy motion blur, snapping onto the new subject"
}
camera truck_left extends pan_left { prompt: "lateral tracking move to the left, parallax between foreground and background" }
camera truck_right extends pan_right { prompt: "lateral tracking move to the right, parallax between foreground and background" }
camera establishing_pan extends pan_right {
  prompt: "slow establishing pan across the wide landscape, unhurried and grand"
}

// tilt
camera tilt_reveal extends tilt_up {
  prompt: "slow tilt up from the ground to reveal the towering subject above"
}
camera tilt_down_reveal extends tilt_down {
  prompt: "slow tilt down from the sky to the subject below"
}

// orbit
camera slow_orbit extends orbit { prompt: "slow 180-degree orbit around the subject, smooth and steady, parallax behind" }
camera arc_shot extends orbit { prompt: "gentle arc shot, the camera curves a quarter turn around the subject" }
camera bullet_time extends orbit {
  prompt: "bullet time: time nearly frozen, the camera sweeps around the subject in mid-action, debris suspended"
}

// crane
camera crane_up extends crane { prompt: "crane up: the camera rises smoothly from eye level to a high angle over the scene" }
camera crane_down extends crane { prompt: "crane down: the camera descends from high above to the subject's eye level" }
camera drone_rise extends crane {
  prompt: "aerial drone rises vertically, revealing the landscape spreading out below"
}
camera jib_sweep extends crane { prompt: "sweeping jib arm move, rising while curving across the scene" }

// handheld
camera handheld_tense extends handheld {
  prompt: "tense handheld camera, nervous shake and small reframes, close to the subject, urgent"
}
camera handheld_run extends handheld {
  prompt: "running handheld camera chasing the subject, heavy shake and bounce, motion blur, chaotic"
}
camera documentary extends handheld {
  prompt: "observational documentary handheld, gentle sway, subtle focus hunting"
}
camera earthquake extends handheld {
  prompt: "violent camera shake as the ground trembles, dust falling, frame jolting"
}

// ---- Shot sizes and angles -----------------------------------------

// From farthest to closest (the prelude has extreme_wide, wide, full,
// medium_wide, medium, medium_close, closeup, extreme_closeup).
size establishing { prompt: "establishing shot, vast landscape, the setting shown in full, tiny figures, deep focus" }
size cowboy { prompt: "cowboy shot, framed from mid-thigh up, weapon at the hip in frame" }
size choker { prompt: "choker close-up, from the chin to the forehead, eyes and mouth fill the frame" }
size macro { prompt: "macro shot, extreme magnification of a tiny detail, razor-thin depth of field" }

// Several people.
size two_shot { prompt: "two-shot, both characters in frame together, balanced composition" }
size three_shot { prompt: "three-shot, three characters framed together" }
size group { prompt: "group shot, the whole party arranged across the frame" }
size over_shoulder_close { prompt: "close over-the-shoulder shot, the foreground shoulder soft and out of focus" }

// Angles.
size low_angle { prompt: "low-angle shot looking up at the subject, imposing and powerful, sky behind" }
size high_angle { prompt: "high-angle shot looking down on the subject, small and vulnerable" }
size dutch_angle { prompt: "dutch angle, the horizon tilted, unease and tension" }
size birds_eye { prompt: "bird's-eye view, directly overhead looking straight down, graphic top-down composition" }
size worms_eye { prompt: "worm's-eye view from the ground looking straight up, towering perspective" }
size eye_level { prompt: "eye-level shot, neutral straight-on perspective" }
size profile { prompt: "profile shot, the subject seen exactly from the side, silhouette of the face" }
size back_view { prompt: "shot from behind the subject, facing what they face" }
size aerial { prompt: "aerial shot from high above, drone perspective over the landscape" }
size silhouette { prompt: "silhouette against a bright sky, the figure a dark shape, strong backlight" }

// Lenses.
size wide_lens { prompt: "shot on a 24mm wide-angle lens, exaggerated depth, dynamic perspective" }
size telephoto { prompt: "shot on a 200mm telephoto lens, compressed background, soft bokeh" }
size fisheye { prompt: "fisheye lens, strong barrel distortion, curved horizon" }
