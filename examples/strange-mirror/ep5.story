// Episode 5 - The Mirror of Mountains and Seas. A sister in the drowned
// palace, a god at the pillar of heaven, and one look in a mirror.

episode 5 "The Mirror of Mountains and Seas" {

  scene drowned_palace "The Drowned Palace" at coral_palace {
    style: undersea
    cue undersea_theme at 0s fade 2s

    shot wide 4s {
      prompt: "{peng} folds its wings and dives; {li} drops from its back into the sea"
      style: sky
      camera: cam.fpv_dive
    }
    shot cam.establishing 4s {
      prompt: "a palace of coral and drowned ships on the sea floor, lit by glowing jellyfish"
      camera: cam.drone_flyover
    }
    shot medium 4s {
      prompt: "{li} walks the palace hall inside a bubble of air cast by the glowing mirror"
      camera: cam.follow
    }
    shot wide 4s {
      prompt: "{qinghe} sits on a throne of pearl, hair floating, her skin faintly scaled"
      camera: push_in
    }
    shot closeup 3s {
      prompt: "{qinghe} looks up with sea-green eyes"
      qinghe "Brother?"
    }
    shot medium_close 3s {
      prompt: "{li} runs to her through the water"
      camera: cam.handheld_run
      li "Qinghe! I'm taking you home."
    }
    shot closeup 4s {
      prompt: "{qinghe}, dreamy, distant"
      qinghe "Home is drowned, Xingzhou. He told me."
    }
    shot closeup 4s {
      prompt: "{li} takes her face in his hands"
      li "He lies. Old Tan is mending nets."
    }
    shot closeup 3s {
      prompt: "{qinghe} smiles; her tears float away as tiny bubbles"
      qinghe "Old Tan..."
    }
    shot cam.two_shot 3s {
      prompt: "{qinghe} takes the hand of {li}, her eyes clearing"
      qinghe "Your hands smell of fish."
    }
    shot wide 4s {
      prompt: "the palace shakes, coral dust raining from the ceiling"
      camera: cam.earthquake
    }
    shot medium 3s {
      prompt: "{jingwei} darts in through a broken window"
      jingwei "He has begun. Buzhou!"
    }
    shot wide 4s {
      prompt: "{li} pulls {qinghe} upward through the water toward the storm light"
      camera: tilt_up
    }
  }

  scene pillar_of_heaven "The Pillar of Heaven" at buzhou {
    style: storm
    cue buzhou_theme at 0s fade 2s

    shot extreme_wide 5s {
      prompt: "under a breaking sky, {gonggong} coiled around the base of the mountain, lowering his horns"
      camera: crane
    }
    shot cam.low_angle 3s {
      prompt: "the copper horns of {gonggong} grinding into the stone pillar"
      camera: cam.handheld_tense
    }
    shot wide 3s {
      prompt: "cracks race up the pillar; the sky above it sags"
      camera: tilt_up
    }
    shot wide 4s {
      prompt: "{li} climbs onto a ledge between the god and the mountain, the bronze shield on his arm"
      camera: cam.crane_up
    }
    shot closeup 4s {
      prompt: "{li} shouts into the wind"
      li "Gong Gong! You still owe me a fight."
    }
    shot closeup 3s {
      prompt: "{gonggong} turns his great head"
      gonggong "The fisherman."
    }
    shot medium 4s {
      prompt: "{gonggong} rears up, storm water pouring from his scales"
      gonggong "I broke this sky once. I'll break it again."
    }
    shot medium_close 4s {
      prompt: "{li} raises his shield"
      li "If you want the world, take me first."
    }
    shot wide 4s {
      prompt: "{gonggong} lunges; a wave like a fist slams into the ledge"
      camera: cam.handheld_run
    }
    shot medium 3s {
      prompt: "{li} braces behind the shield, water exploding around him"
      camera: cam.earthquake
    }
    shot insert 3s {
      prompt: "the bronze shield buckling under the weight of the sea"
      camera: cam.snap_zoom
    }
    shot wide 3s {
      prompt: "a great bronze axe spins out of the storm and strikes the horn of {gonggong}"
      camera: cam.whip_pan
    }
    shot closeup 3s {
      prompt: "{gonggong} roars in pain"
      gonggong "Xingtian?!"
    }
    shot cam.silhouette 3s {
      prompt: "on a far ridge, the headless {xingtian} dancing with his shield against the lightning"
    }
    shot wide 3s {
      prompt: "{jingwei} drops a white pebble into the eye of {gonggong}"
      camera: cam.bullet_time
    }
    shot medium 3s {
      prompt: "{li} raises the cracked mirror toward the face of the god"
      camera: push_in
    }
    shot insert 4s {
      prompt: "in {mirror}, the true face of {gonggong}: an old, tired god, alone, weeping"
      camera: cam.rack_focus
    }
    shot closeup 4s {
      prompt: "{gonggong} stares; the waves around him fall still"
      camera: cam.slow_push
    }
    shot extreme_closeup 3s {
      prompt: "the lantern eyes of {gonggong}, dimming"
      gonggong "Is that... me?"
    }
    shot medium_close 4s {
      prompt: "{li} holds the mirror steady, rain on his face"
      li "That's what's left when the flood goes out."
    }
    shot closeup 4s {
      prompt: "{gonggong}, his voice breaking like surf"
      gonggong "I lost to fire. I lost to heaven."
    }
    shot medium_close 3s {
      prompt: "{li}, gently"
      li "Then stop losing to yourself."
    }
    shot insert 3s {
      prompt: "the mirror shatters into a burst of bright bronze shards"
      camera: cam.snap_zoom
    }
    shot wide 5s {
      prompt: "{gonggong} sinks slowly into the sea, storm water draining out of the sky"
      camera: tilt_down
    }
    shot extreme_wide 4s {
      prompt: "the pillar of Buzhou stands; the clouds part and the stars return to their places"
      camera: cam.crane_up
    }
  }

  scene ten_thousand_and_one "Ten Thousand and One" at shell_bay {
    style: dawn
    cue home_theme at 0s fade 2s

    shot cam.establishing 4s {
      prompt: "dawn, villagers raising new stilt houses on the black sand"
      camera: cam.drone_flyover
    }
    shot wide 3s {
      prompt: "{li} and {qinghe} walk up the beach hand in hand"
      camera: cam.follow
    }
    shot medium 3s {
      prompt: "{tan} drops her net and hobbles toward them"
      tan "Children!"
    }
    shot cam.three_shot 4s {
      prompt: "{tan} hugs {qinghe} while {li} looks on"
      tan "The sea gave someone back."
    }
    shot insert 3s {
      prompt: "a broken bone staff hung with shells, rolling in the surf"
    }
    shot closeup 3s {
      prompt: "{li} opens his hand: a single bronze shard"
      camera: push_in
    }
    shot cam.macro 3s {
      prompt: "in the bronze shard, a tiny reflection of a fisherman, just a fisherman"
      camera: cam.rack_focus
    }
    shot wide 4s {
      prompt: "{jingwei} perched on a basalt pillar, a white pebble in her beak"
    }
    shot medium_close 4s {
      prompt: "{li} holds out a white stone on his open palm"
      li "For the sea. One more."
    }
    shot closeup 3s {
      prompt: "{jingwei} takes the stone"
      jingwei "Ten thousand and one."
    }
    shot cam.two_shot 4s {
      prompt: "{qinghe} leans on the shoulder of {li}, watching the bird"
      qinghe "Next time, just catch fish."
    }
    shot extreme_wide 6s {
      prompt: "{jingwei} flies out over the calm sea into the sunrise, {li} and {qinghe} small on the shore"
      camera: cam.drone_retreat
    }
  }
}
