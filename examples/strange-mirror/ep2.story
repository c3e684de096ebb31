// Episode 2 - The Bird Who Fills the Sea. The village drowned, a priest
// unmasked, a princess who became a bird, and nine heads in the marsh.

episode 2 "The Bird Who Fills the Sea" {

  scene after_flood "After the Flood" at shell_bay {
    style: dawn
    prompt: "the morning after a flood, mud and wreckage, gulls"
    cue ruin_theme at 0s fade 2s

    shot cam.establishing 5s {
      prompt: "the drowned village, stilt houses broken, boats left on rooftops"
      camera: cam.drone_flyover
    }
    shot wide 3s {
      prompt: "survivors drag wet rice sacks out of the mud"
      camera: cam.slow_pan_left
    }
    shot medium 4s {
      prompt: "{tan} sits on a broken hull, mending a net"
      tan "The sea always takes the young."
    }
    shot medium_close 4s {
      prompt: "{li} ties a bundle and slings a boat hook over his back"
      li "Then I'll take her back from the sea."
    }
    shot closeup 3s {
      prompt: "{tan} looks at him sharply over her pipe"
      tan "Nobody comes back from the sea."
    }
    shot cam.two_shot 4s {
      prompt: "{li} kneels beside {tan}"
      li "Then I'll be the first."
    }
    shot wide 3s {
      prompt: "{fang} walks through the ruins with two guards, his robe dry and spotless"
      camera: cam.follow
    }
    shot medium 3s {
      prompt: "{fang} points his bone staff"
      fang "Seize the boy who angered the god!"
    }
    shot insert 3s {
      prompt: "{mirror} in a fisherman's fist flashes toward the priest"
      camera: cam.whip_pan
    }
    shot closeup 4s {
      prompt: "in the flash of the mirror, the shadow of {fang} on a wall sprouts nine serpent heads"
      camera: push_in
    }
    shot cam.group 3s {
      prompt: "villagers gasp and back away from the priest"
    }
    shot closeup 3s {
      prompt: "{fang} hisses, his face rippling like water"
      fang "Xiangliu will drink your bones."
    }
    shot wide 4s {
      prompt: "{li} runs through the ruins toward the cliffs, guards behind him"
      camera: cam.handheld_run
    }
    shot cam.high_angle 3s {
      prompt: "{jingwei} swoops low over {li}, leading him to a cliff path"
      camera: cam.truck_left
    }
    shot extreme_wide 4s {
      prompt: "{li} climbs a narrow path up the cliff face, the ruined village small below"
      camera: cam.slow_pull
    }
  }

  scene cliff_story "Jingwei's Story" at cliffs {
    prompt: "sunset, red sky over the sea"
    cue jingwei_theme at 0s fade 2s

    shot wide 4s {
      prompt: "{li} sits on the clifftop catching his breath, {jingwei} on a rock beside him"
      camera: cam.arc_shot
    }
    shot closeup 3s {
      prompt: "{li} turns the bronze mirror over in his hands"
      li "Why help me?"
    }
    shot medium_close 4s {
      prompt: "{jingwei} gazes out at the sea"
      jingwei "Long ago, I was a princess."
    }
    shot wide 4s {
      prompt: "a young princess in a small boat on a bright sea, laughing, hair ribbons flying"
      style: memory
      camera: cam.slow_push
    }
    shot wide 4s {
      prompt: "a sudden wave overturns the little boat"
      style: memory
      camera: cam.earthquake
    }
    shot closeup 3s {
      prompt: "a girl's hand sinking beneath green water"
      style: memory
      camera: pull_out
    }
    shot medium 4s {
      prompt: "{jingwei} lets a white pebble fall from the cliff"
      jingwei "I drowned. So I fill the sea."
    }
    shot cam.birds_eye 3s {
      prompt: "a tiny pebble falling toward the vast ocean far below"
      camera: tilt_down
    }
    shot closeup 3s {
      prompt: "{li} watches, moved"
      li "One stone at a time?"
    }
    shot closeup 4s {
      prompt: "{jingwei}, feathers lifting in the wind"
      jingwei "Ten thousand years. It is not full yet."
    }
    shot medium 4s {
      prompt: "{jingwei} hops onto {mirror}"
      jingwei "Nüwa cast this mirror to mend the sky."
    }
    shot cam.macro 4s {
      prompt: "the back of {mirror}: mountains and seas engraved in bronze, tiny beasts in every valley"
      camera: cam.slow_orbit
    }
    shot medium_close 4s {
      prompt: "{jingwei} taps the bronze with her beak"
      jingwei "It shows every creature its true face."
    }
    shot closeup 3s {
      prompt: "{li}, hope and fear in his eyes"
      li "Can it find my sister?"
    }
    shot medium 4s {
      prompt: "{jingwei} spreads her wings toward the west"
      jingwei "The Queen of Kunlun can open the sea road."
    }
    shot closeup 3s {
      prompt: "{li} stands, slinging the boat hook over his shoulder"
      li "Then we go west."
    }
    shot extreme_wide 5s {
      prompt: "{li} and {jingwei} set off west along the ridge at dusk, a red sun sinking"
      camera: cam.establishing_pan
    }
  }

  scene the_marsh "Nine Heads" at swamp {
    style: marsh
    cue marsh_theme at 0s fade 2s

    shot cam.establishing 4s {
      prompt: "a path of planks sinking into a grey marsh"
      camera: cam.drone_flyover
    }
    shot wide 3s {
      prompt: "{li} wades knee-deep through black water, {jingwei} on his shoulder"
      camera: cam.follow
    }
    shot closeup 3s {
      prompt: "{jingwei} ruffles her feathers against the stench"
      jingwei "This was a river once."
    }
    shot insert 3s {
      prompt: "bubbles rise; the reeds part in a long silent wake"
      camera: cam.slow_pan_right
    }
    shot medium 3s {
      prompt: "{li} freezes, a hand on his boat hook"
      li "Something is under us."
    }
    shot wide 5s {
      prompt: "{xiangliu} rises from the marsh, nine heads swaying on nine necks"
      camera: tilt_up
      takes: 2
    }
    shot cam.worms_eye 3s {
      prompt: "nine pale faces of {xiangliu} descending out of the mist"
      camera: push_in
    }
    shot closeup 4s {
      prompt: "one head of {xiangliu} leans close, smiling"
      xiangliu "The mirror thief. Our master wants it."
    }
    shot medium_close 3s {
      prompt: "{li} backs away, water to his waist"
      li "Come and take it."
    }
    shot wide 3s {
      prompt: "the heads of {xiangliu} strike down like spears, venom spraying"
      camera: cam.handheld_tense
    }
    shot medium 3s {
      prompt: "{li} dives aside as a head smashes the water where he stood"
      camera: cam.whip_pan
    }
    shot closeup 3s {
      prompt: "{jingwei} pecks at the eye of a serpent head"
      camera: cam.handheld_tense
    }
    shot medium_close 3s {
      prompt: "{jingwei} beats her wings in a fury"
      jingwei "Show them their faces!"
    }
    shot closeup 3s {
      prompt: "{li} raises {mirror} high, a shaft of sunlight striking the bronze"
      camera: cam.crane_up
    }
    shot insert 3s {
      prompt: "nine faces reflected in the mirror, each one seeing the others"
      camera: cam.slow_orbit
    }
    shot wide 4s {
      prompt: "the heads of {xiangliu} turn on one another, biting and tangling"
      camera: cam.earthquake
    }
    shot cam.high_angle 3s {
      prompt: "{xiangliu} collapses into the marsh in knots, thrashing"
      camera: crane
    }
    shot wide 4s {
      prompt: "{li} scrambles onto a dry bank, gasping"
      camera: pull_out
    }
    shot closeup 3s {
      prompt: "{li} stares at a crack running across the mirror"
      li "It cracked."
    }
    shot medium_close 3s {
      prompt: "{jingwei} settles on his knee"
      jingwei "Every truth costs it something."
    }
    shot extreme_wide 4s {
      prompt: "beyond the marsh, a black mountain strewn with old weapons under a sky of ash"
      camera: cam.slow_push
    }
  }
}
