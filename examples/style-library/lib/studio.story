// lib/studio.story - a prompt engineer's own style library: the house looks
// of a small studio, built on the stdlib and shared by every project.
//
//   import "../lib/studio"            (from a project folder next to lib/)
//   style: studio.drama_day
//
// Put it anywhere and point storyc at it instead: `storyc check -I ~/styles`
// or STORYC_PATH=~/styles, then `import "studio"`.

import "std/styles/cinematic"
import "std/styles/shortdrama"
import "std/styles/anime"

// The studio's vertical drama look: the stdlib's short-drama finish with
// the studio's grade, lens and the failures it has learned to rule out.
// The three lighting setups below build on it (a chain of three:
// shortdrama.base -> drama -> drama_day).
style drama "Moonlake drama" extends shortdrama.base {
  prompt: "Moonlake grade: controlled highlights, rich midtones, warm ivory skin, cohesive teal and cream palette"
  negative: "cross-eyed, duplicate person, cropped head, green cast, muddy shadows"
}

style drama_day "Drama - day" extends drama {
  prompt: "bright north window light with a large bounce, soft wrap-around fill, airy whites, 50mm lens at f/2"
  negative: "night, low-key"
}

style drama_night "Drama - night" extends drama {
  prompt: "night exterior, magenta and cyan neon rim light, wet reflections, deep teal shadows,
           35mm lens at f/1.4 with anamorphic streaks"
  negative: "daylight, flat lighting, grey blacks"
}

style drama_clash "Drama - confrontation" extends drama {
  prompt: "hard side key splitting the face, crushed blacks, cold steel fill, 85mm lens, tears catching the light"
  negative: "soft even lighting, smiling"
}

// The trailer look for the same stories.
style trailer "Trailer" extends cinematic.teal_orange {
  prompt: "movie trailer key frame, heroic framing, smoke and embers, lens flare"
}

// A 2D look for the studio's animated spin-offs.
style toon "Toon" extends anime.luminous_sky {
  prompt: "Moonlake toon palette: coral, cream and night blue, thick soft outlines"
}

// House shot sizes and camera moves, built on the prelude's.
size hero extends closeup { prompt: "low angle, face lit from below-left, sky behind" }
size phone_screen extends insert { prompt: "a smartphone screen filling the frame, message visible" }
camera signature_push extends push_in { prompt: "slow push in with a slight drift to the right, ending on the eyes" }
camera reveal_turn extends orbit { prompt: "half orbit from behind the character to their face" }
