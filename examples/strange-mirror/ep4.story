// Episode 4 - The Gates of Kunlun. Nine heads ask one question, the Queen
// Mother names the price, and a fish the size of an island becomes a bird.

episode 4 "The Gates of Kunlun" {
  style: kunlun

  scene nine_gates "The Nine Gates" at kunlun_gates {
    cue kunlun_theme at 0s fade 2s

    shot cam.establishing 5s {
      prompt: "Mount Kunlun rising above the clouds, jade cliffs, waterfalls of light, nine gates at the summit"
      camera: cam.drone_rise
    }
    shot wide 4s {
      prompt: "{li} climbs endless white jade steps, {jingwei} on his shoulder"
      camera: cam.follow
    }
    shot medium_close 3s {
      prompt: "{li} pauses, breath steaming, looking up"
      li "How many steps?"
    }
    shot closeup 3s {
      prompt: "{jingwei} tucks her head into her feathers"
      jingwei "Don't count. Climb."
    }
    shot wide 4s {
      prompt: "{kaiming} stands before the gates, nine human heads all facing east"
      camera: cam.tilt_reveal
    }
    shot closeup 3s {
      prompt: "the nine faces of {kaiming} turn together"
      camera: cam.slow_orbit
    }
    shot medium 4s {
      prompt: "{kaiming} lowers its heads toward the mortal"
      kaiming "Mortal. Nine gates. Nine questions."
    }
    shot medium_close 3s {
      prompt: "{li} stands his ground on the top step"
      li "I have only one answer."
    }
    shot closeup 4s {
      prompt: "the central face of {kaiming}, stern"
      kaiming "Why should Kunlun help a fisherman?"
    }
    shot closeup 5s {
      prompt: "{li}, tired, honest"
      camera: cam.slow_push
      li "Because the sea took my sister, and I'm still here."
    }
    shot closeup 3s {
      prompt: "the nine heads of {kaiming} glance at one another"
    }
    shot medium 4s {
      prompt: "{kaiming} tilts its heads"
      kaiming "That is not an answer. It is a reason."
    }
    shot wide 4s {
      prompt: "{kaiming} steps aside and the nine gates swing open in a flood of light"
      camera: push_in
    }
    shot medium_close 3s {
      prompt: "{jingwei} on the shoulder of {li}, amazed"
      jingwei "They never open for gods."
    }
  }

  scene jade_pool "The Queen Mother" at jade_pool {
    cue queen_theme at 0s fade 2s

    shot wide 5s {
      prompt: "{luwu} paces the path between the peach trees, nine tails swaying"
      camera: cam.slow_pan_right
    }
    shot medium 3s {
      prompt: "{luwu} bars the way with a tiger claw"
      luwu "The Queen will see you."
    }
    shot wide 4s {
      prompt: "{xiwangmu} on a throne of jade beside the pool, her leopard tail curled"
      camera: push_in
    }
    shot closeup 4s {
      prompt: "{xiwangmu} looks at the mirror, not at the man"
      xiwangmu "Nüwa's mirror. Cracked already."
    }
    shot medium_close 4s {
      prompt: "{li} kneels, holding out the mirror in both hands"
      li "Xingtian says he still dances."
    }
    shot closeup 3s {
      prompt: "{xiwangmu} laughs, baring tiger teeth"
      xiwangmu "Of course he does."
    }
    shot medium 4s {
      prompt: "{xiwangmu} rises, the jade sheng glinting in her wild hair"
      xiwangmu "Gong Gong will strike Buzhou at the full moon."
    }
    shot closeup 4s {
      prompt: "{xiwangmu}, grave"
      xiwangmu "If the pillar falls, the sea drowns the world."
    }
    shot medium_close 3s {
      prompt: "{li} looks up at her"
      li "How do I stop a god?"
    }
    shot medium 4s {
      prompt: "{xiwangmu} takes the mirror and turns it in the light"
      xiwangmu "Show him his own face."
    }
    shot insert 3s {
      prompt: "{mirror} in a clawed hand, glowing over the jade pool"
      camera: cam.rack_focus
    }
    shot closeup 4s {
      prompt: "{xiwangmu} hands the mirror back"
      xiwangmu "It will work once. Then it breaks."
    }
    shot closeup 3s {
      prompt: "{li} takes it without hesitation"
      li "Then once is enough."
    }
    shot closeup 4s {
      prompt: "{xiwangmu} studies him"
      xiwangmu "And your sister? The sea has changed her."
    }
    shot extreme_closeup 3s {
      prompt: "the eyes of {li}, doubt flickering"
      camera: cam.slow_push
    }
    shot cam.two_shot 4s {
      prompt: "{jingwei} hops between them"
      jingwei "It changed me too. I'm still me."
    }
    shot medium 4s {
      prompt: "{xiwangmu} gestures to the pool"
      xiwangmu "Buzhou is far. Take the long road."
    }
    shot wide 4s {
      prompt: "the water of the jade pool rises into the shape of a great fish"
      camera: tilt_up
    }
  }

  scene peng_flight "On the Back of Peng" at north_sea {
    style: sky
    cue flight_theme at 0s fade 2s

    shot extreme_wide 5s {
      prompt: "{kun} surfaces from the black northern sea like a rising island"
      camera: crane
    }
    shot wide 4s {
      prompt: "{li} stands on the vast barnacled back of {kun}"
      camera: cam.drone_retreat
    }
    shot wide 5s {
      prompt: "{kun} transforms: fins become wings and {peng} bursts from the water"
      camera: tilt_up
      takes: 3
    }
    shot cam.aerial 4s {
      prompt: "{peng} climbs on a whirlwind, wings like clouds hanging from heaven"
      camera: cam.drone_retreat
    }
    shot medium 3s {
      prompt: "{li} clings to the feathers, wind tearing at his robe"
      camera: cam.handheld_tense
      li "Whoa!"
    }
    shot closeup 3s {
      prompt: "{jingwei} tucked in his collar, laughing"
      jingwei "Hold on, fisherman!"
    }
    shot cam.aerial 3s {
      prompt: "{peng} bursts through a bank of cloud into golden light"
      camera: cam.fpv_dive
    }
    shot cam.birds_eye 4s {
      prompt: "far below, mountains and seas laid out like engravings on bronze"
      camera: pan_right
    }
    shot medium_close 4s {
      prompt: "{li} holds up the mirror; the same map is on its back"
      li "The mirror was a map."
    }
    shot wide 4s {
      prompt: "sunset above the clouds, {peng} gliding east toward a dark storm"
      camera: cam.drone_flyover
    }
    shot cam.two_shot 3s {
      prompt: "{li} and {jingwei} side by side, faces lit orange"
    }
    shot closeup 4s {
      prompt: "{jingwei} watches the sea below"
      jingwei "When this is over, I'll keep filling it."
    }
    shot closeup 4s {
      prompt: "{li} smiles for the first time in days"
      li "Then I'll bring you stones."
    }
    shot medium 3s {
      prompt: "{li} binds the mirror to his chest with the red cord from his hair"
    }
    shot closeup 3s {
      prompt: "{li}, hair loose in the wind, eyes on the storm"
      li "Qinghe. I'm coming."
    }
    shot extreme_wide 5s {
      prompt: "ahead, Mount Buzhou, a cracked pillar holding up the sky, storm water coiling at its base"
      camera: cam.slow_push
    }
  }
}
