// Episode 1 - Waves Rising. A mirror in the nets, a black shell, and a god
// who comes for his bride.

episode 1 "Waves Rising" {

  scene dawn_nets "Dawn Nets" at shore {
    prompt: "dawn, pale mist over a calm sea"
    cue shore_theme at 0s fade 2s

    shot cam.establishing 5s {
      prompt: "a fishing village of stilt houses on black sand beneath basalt pillars, small boats at rest"
      camera: cam.drone_flyover
    }
    shot wide 4s {
      prompt: "{li} hauls a heavy net out of the shallow surf"
      camera: cam.follow
    }
    shot medium 3s {
      prompt: "{li} strains, the net snagged on something heavy"
      li "What have you caught, old sea?"
    }
    shot insert 3s {
      prompt: "{mirror} tangled in the net, catching the first light"
      camera: push_in
    }
    shot closeup 3s {
      prompt: "{li} wipes the bronze clean with his sleeve, frowning"
    }
    shot cam.macro 3s {
      prompt: "in the polished face of {mirror}, instead of a man, a small bird with a white beak looks back"
      camera: cam.rack_focus
    }
    shot medium_close 3s {
      prompt: "{li} starts back, almost dropping the mirror"
      li "Who are you?"
    }
    shot wide 3s {
      prompt: "{qinghe} runs barefoot down the beach, waving"
      camera: cam.truck_left
      qinghe "Brother! Elder Fang calls everyone!"
    }
    shot cam.two_shot 4s {
      prompt: "{qinghe} peers over the shoulder of {li} at the mirror"
      qinghe "Just a rusty mirror."
      li "It looked back at me."
    }
    shot closeup 3s {
      prompt: "{qinghe} laughs and tugs his sleeve"
      qinghe "Then it has bad taste."
    }
    shot medium 3s {
      prompt: "{li} tucks the mirror into his robe, glancing back at the sea"
    }
    shot extreme_wide 4s {
      prompt: "two small figures climb toward the village, the sea suddenly still as glass"
      camera: cam.slow_pull
    }
  }

  scene the_lots "The Black Shell" at altar {
    prompt: "grey morning, overcast"
    cue lots_theme at 0s fade 2s

    shot wide 4s {
      prompt: "villagers gather around the stone altar, {fang} on its steps"
      camera: cam.crane_down
    }
    shot medium 4s {
      prompt: "{fang} raises his bone staff, shells rattling"
      fang "Ten years have turned. The god is thirsty."
    }
    shot cam.group 3s {
      prompt: "frightened villagers, mothers holding their daughters close"
      camera: cam.slow_pan_left
    }
    shot medium_close 4s {
      prompt: "{fang} holds out a clay jar full of cowrie shells"
      fang "One shell is black. The sea chooses."
    }
    shot insert 3s {
      prompt: "the hands of girls drawing cowrie shells from a clay jar, one by one"
    }
    shot closeup 3s {
      prompt: "{qinghe} draws a shell and slowly opens her hand"
    }
    shot cam.macro 3s {
      prompt: "a black cowrie shell in a trembling palm"
      camera: push_in
    }
    shot cam.high_angle 3s {
      prompt: "the crowd steps back from {qinghe}, leaving her alone in a ring of bare earth"
      camera: cam.crane_up
    }
    shot closeup 3s {
      prompt: "{li} pushes through the crowd, jaw set"
      camera: cam.handheld_tense
      li "No. Not her."
    }
    shot cam.two_shot 4s {
      prompt: "{li} faces {fang} at the altar steps"
      fang "The sea does not bargain, boy."
    }
    shot medium_close 4s {
      prompt: "{li} grips the mirror hidden in his robe"
      li "Then I will go in her place."
    }
    shot closeup 4s {
      prompt: "{fang} smiles thinly"
      fang "The god wants a bride, not a fisherman."
    }
    shot insert 3s {
      prompt: "{mirror} glows faintly; in it the reflection of the tide-priest has nine serpent heads"
      camera: cam.rack_focus
    }
    shot cam.choker 3s {
      prompt: "{li}, eyes widening"
      camera: cam.snap_zoom
    }
    shot medium 4s {
      prompt: "{tan} pulls {li} aside by the arm"
      tan "Tonight, at the shore. Think, boy."
    }
  }

  scene storm_at_sea "Storm at Sea" at shore {
    style: storm
    cue storm_theme at 0s fade 2s

    shot extreme_wide 4s {
      prompt: "night, torches along the shore, a bamboo raft dressed in red silk waits at the waterline"
      camera: cam.slow_pan_right
    }
    shot medium 3s {
      prompt: "{qinghe} in a red bridal veil stands on the raft, hands bound with red cord"
    }
    shot wide 4s {
      prompt: "{li} stands on the shore, torn nets, waves rising"
      camera: push_in
    }
    shot closeup 5s {
      prompt: "{li} looks up, rain on his face"
      li "If the god of waters wants my village, he takes me first."
    }
    shot medium 3s {
      prompt: "{fang} chants at the waterline, arms raised to the sea"
      fang "Lord of Waters, accept her!"
    }
    shot extreme_wide 4s {
      prompt: "the sea draws back from the shore, baring black sand, a wall of water rising"
      camera: pull_out
    }
    shot wide 5s {
      prompt: "{gonggong} rises from the sea, towering over {li}"
      camera: tilt_up
      takes: 4                         // generate four variants
      pick: 2                          // the approved one
    }
    shot cam.worms_eye 3s {
      prompt: "the human face of {gonggong} among the storm clouds, crimson hair whipping"
      camera: cam.tilt_reveal
    }
    shot closeup 4s {
      prompt: "{gonggong} looks down at the tiny people on the shore"
      gonggong "Who stands between me and my bride?"
    }
    shot cam.low_angle 3s {
      prompt: "{li} leaps onto the raft in front of {qinghe}, raising a boat hook"
      li "A fisherman."
    }
    shot medium_close 4s {
      prompt: "{gonggong} laughs, the sound rolling like surf"
      gonggong "Fishermen are what the sea eats."
    }
    shot cam.two_shot 3s {
      prompt: "{qinghe} clutches the arm of {li}"
      qinghe "Xingzhou, go back!"
    }
    shot closeup 3s {
      prompt: "{li} pulls out {mirror} and holds it up against the storm"
    }
    shot insert 3s {
      prompt: "{mirror} blazes with white light, a god's face trembling in its surface"
      camera: cam.snap_zoom
    }
    shot closeup 3s {
      prompt: "{gonggong} recoils, shielding his eyes with a scaled hand"
      gonggong "Nüwa's mirror... in a mortal's hand?"
    }
    shot wide 4s {
      prompt: "a wave like a moving mountain crashes down over the raft"
      camera: cam.earthquake
    }
    shot pov 3s {
      prompt: "underwater, red silk swirling, the hand of {qinghe} slipping away into the dark"
      camera: pull_out
    }
    shot extreme_closeup 3s {
      prompt: "{li} underwater, bubbles streaming from his mouth, eyes searching"
    }
    shot wide 4s {
      prompt: "{gonggong} sinks back into the sea, {qinghe} held in the coils of his serpent tail"
      camera: tilt_down
    }
    shot cam.birds_eye 4s {
      prompt: "the flood surges through the village, roofs floating, torches going out"
      camera: cam.drone_rise
    }
    shot wide 4s {
      prompt: "grey calm after the storm, {li} lies on the black sand among wreckage, clutching {mirror}"
      style: dawn
      camera: cam.crane_down
    }
    shot medium_close 3s {
      prompt: "{jingwei} lands on the rim of the mirror"
      style: dawn
    }
    shot closeup 4s {
      prompt: "{jingwei} drops the pebble and tilts her head"
      style: dawn
      jingwei "Get up, fisherman. Your sister lives."
    }
    shot closeup 3s {
      prompt: "{li} opens his eyes"
      style: dawn
      li "Who... are you?"
    }
    shot extreme_closeup 3s {
      prompt: "the dark eye of {jingwei}, reflecting the grey sea"
      style: dawn
      jingwei "Someone the sea took too."
    }
  }
}
