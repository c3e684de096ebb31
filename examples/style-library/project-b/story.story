// project-b - a short that mixes the studio's house looks with an A1111
// styles.csv exported from a Stable Diffusion WebUI install.
//   import "styles.csv" turns every row into a style: styles.cinematic_noir,
//   styles.watercolor_storybook, styles.polaroid_1979, styles.neon_night
// (docs/importers.md has the rules).

import "../lib/studio"
import "styles.csv"

series "Night Shift" {
  format: vertical_720p
  style: studio.drama_night
  language: "en"
}

// A local style on top of an imported one, with the house negative added.
style memory extends styles.polaroid_1979 {
  prompt: "summer 1979, a seaside town"
  negative: "text, watermark, logo"
}

character jun "Jun" {
  look: "Jun, a tired night-shift nurse in her twenties, short hair, navy scrubs under a yellow raincoat"
  voice: "female, young, tired, warm"
  seed: 4711
}

character dad "Dad" {
  look: "a laughing man in his forties, moustache, striped short-sleeved shirt"
  voice: "male, middle-aged, cheerful"
  seed: 4712
}

place ward "Night Ward" { look: "an empty hospital corridor at 3 a.m., humming fluorescent lights" }
place crossing "Crossing" { look: "a rainy crossing under neon signs" }

music nocturne { prompt: "lo-fi piano and soft rain, melancholy, 72 bpm"  length: 24s }

episode 1 "Night Shift" {
  scene corridor at ward {
    style: styles.cinematic_noir
    cue nocturne at 0s fade 1s

    shot wide 4s {
      prompt: "{jun} walks down the corridor, pushing a medicine cart"
      camera: studio.signature_push
    }
    shot closeup 3s {
      prompt: "{jun} stops at a window and looks at the rain"
      jun "Three more hours."
    }
  }
  scene remember at crossing {
    shot medium 4s {
      prompt: "{dad} on a beach, holding up a little girl to the sun"
      style: memory
      dad "Look, Junjun! The whole sea!"
    }
    shot closeup 3s {
      prompt: "{jun} smiles, rain on her face, neon in her eyes"
      style: styles.neon_night
      jun "I remember, Dad."
    }
    shot wide 4s {
      prompt: "{jun} crosses the street alone, a small figure under a yellow raincoat"
      style: studio.toon
      camera: cam_pull
    }
  }
}

camera cam_pull extends pull_out { prompt: "slow pull back and up over the crossing" }
