// project-a - a one-minute vertical drama in the studio's house looks.
//   storyc check examples/style-library/project-a

import "../lib/studio"

series "The Contract Bride, Episode 1" {
  format: vertical_1080p
  style: studio.drama_day
  language: "en"
  negative: "modern logos"
}

character lin "Lin Wan" {
  look: "Lin Wan, a young woman with a sleek black bob, small pearl earrings, cream knit cardigan"
  voice: "female, young, clear, determined"
  seed: 808
}

character gu "Gu Chen" {
  look: "Gu Chen, a cold handsome CEO in his thirties, swept-back black hair, charcoal three-piece suit,
         silver watch"
  voice: "male, deep, cool, clipped"
  seed: 909
}

place office "Gu Tower, Top Floor" {
  look: "a glass-walled penthouse office above the city, black marble desk, skyline behind"
}

place street "Rainy Street" { look: "a narrow city street at night, neon signs, puddles" }

camera cam_rise extends crane { prompt: "slow rise up the glass tower" }

music pulse { prompt: "minimal piano ostinato over a deep synth pulse, suspense, 100 bpm"  length: 30s }

episode 1 "The Contract" {
  scene offer at office {
    cue pulse at 0s fade 1s

    shot wide 3s {
      prompt: "{lin} walks into the vast office, clutching a folder"
      camera: studio.signature_push
    }
    shot studio.hero 3s {
      prompt: "{gu} looks up from his desk"
      gu "You're late."
    }
    shot medium 4s {
      prompt: "{gu} slides a contract across the marble"
      style: studio.drama_clash
      gu "One year. Marry me on paper."
    }
    shot closeup 3s {
      prompt: "{lin}, stunned"
      style: studio.drama_clash
      lin "And in return?"
    }
    shot closeup 4s {
      prompt: "{gu}, unreadable"
      style: studio.drama_clash
      gu "Your father's debts disappear."
    }
  }
  scene after at street {
    style: studio.drama_night
    cue pulse at 0s fade 1s

    shot extreme_wide 3s {
      prompt: "Gu Tower glowing above the rainy city at night"
      style: studio.trailer
      camera: cam_rise
    }
    shot studio.phone_screen 3s {
      prompt: "a message on a phone: the contract is signed"
    }
    shot medium 4s {
      prompt: "{lin} walks alone in the rain, the folder held over her head"
      camera: studio.reveal_turn
      lin "One year. I can do one year."
    }
  }
}
