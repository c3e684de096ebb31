// examples/hello - the smallest complete film: one scene, three shots.
//
//   storyc check examples/hello
//   storyc build examples/hello      -> examples/hello/build/ep01-hello.mp4
//
// With the built-in draft backend this renders an animatic (story-board
// frames, camera moves, espeak voices, a synthesized cue) in seconds.

import "std/styles/guofeng"

series "Hello" {
  format: vertical_720p
  style: guofeng.ink_wash
  language: "en"
}

character mei "Mei" {
  look: "Mei, a young woman painter, ink-stained fingers, black hair pinned up with a bamboo brush,
         pale blue cotton robe"
  voice: "female, young, warm"
  seed: 7
}

place studio "The Lakeside Studio" {
  look: "an open wooden pavilion over a misty lake, scrolls drying on a line, willow branches"
}

music morning { prompt: "solo guqin, gentle plucked melody, morning calm, 70 bpm"  length: 10s }

episode 1 "Hello" {
  scene first_light at studio {
    cue morning at 0s fade 1s

    shot wide 4s {
      prompt: "{mei} unrolls a blank scroll on a low table at dawn"
      camera: push_in
    }
    shot closeup 3s {
      prompt: "{mei} dips her brush in ink and smiles at the empty paper"
      mei "Hello, empty page."
    }
    shot insert 3s {
      prompt: "a single brushstroke becomes a crane taking flight from the paper"
      camera: pull_out
      mei "Now, a story."
    }
  }
}
