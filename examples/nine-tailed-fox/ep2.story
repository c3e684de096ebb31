// Episode 2 - Nine Tails.

episode 2 "Nine Tails" {

  scene the_hunt "The Exorcist" at village {
    style: danger
    cue hunt_theme at 0s fade 2s

    shot wide 4s {
      prompt: "villagers with torches gathered in front of {lu} at the temple steps"
      camera: cam.crane_down
    }
    shot medium 4s {
      prompt: "{lu} holds up a yellow talisman"
      lu "A fox demon lives among you."
    }
    shot cam.group 3s {
      prompt: "frightened villagers muttering, {aunt_he} among them"
      aunt_he "Not that sweet girl?"
    }
    shot closeup 4s {
      prompt: "{lu}, torchlight under his face"
      lu "Sweet is how they hunt."
    }
    shot wide 4s {
      prompt: "a torchlit mob climbs the path toward the herbalist's hut"
      camera: cam.handheld_run
    }
  }

  scene nine_tails "Nine Tails" at hut {
    style: danger
    cue tails_theme at 0s fade 2s

    shot medium 3s {
      prompt: "{yao} at the window of the hut, seeing the torches"
      camera: cam.slow_push
    }
    shot closeup 4s {
      prompt: "{yao} turns to {shen}, afraid for the first time"
      yao "They know what I am."
    }
    shot closeup 3s {
      prompt: "{shen}, steady"
      shen "So do I."
    }
    shot wide 4s {
      prompt: "{lu} kicks the door open and hurls a burning talisman"
      camera: cam.whip_pan
    }
    shot medium 3s {
      prompt: "{shen} steps in front of {yao}; the talisman strikes his chest"
      camera: cam.snap_zoom
    }
    shot closeup 3s {
      prompt: "{shen} falls, yellow fire crawling over his robe"
    }
    shot wide 5s {
      prompt: "{yao} transforms into {yao_fox}, nine tails blazing white in the dark"
      camera: cam.slow_orbit
      takes: 3
    }
    shot cam.low_angle 3s {
      prompt: "{lu} staggers back, peach-wood sword raised"
      lu "Demon!"
    }
    shot closeup 4s {
      prompt: "{yao_fox} lays one tail over the burning chest of {shen}"
      camera: push_in
    }
    shot insert 3s {
      prompt: "one white tail dissolves into light, putting out the talisman fire"
      camera: cam.rack_focus
    }
    shot closeup 3s {
      prompt: "{shen} gasps and opens his eyes"
      shen "Yao?"
    }
    shot medium 4s {
      prompt: "{lu} lowers his sword, staring at the eight remaining tails"
      lu "A demon gave up a tail. For a man?"
    }
    shot closeup 3s {
      prompt: "{yao}, human again, holding {shen}"
      yao "Foxes pay their debts."
    }
  }

  scene dawn "Eight Tails" at hills {
    style: romance
    cue fox_theme at 0s fade 2s

    shot cam.establishing 4s {
      prompt: "dawn over the green hills, mist lifting"
      camera: cam.drone_rise
    }
    shot cam.two_shot 4s {
      prompt: "{shen} and {yao} sit on a hillside among peach blossoms, his arm bandaged"
      shen "You had nine."
    }
    shot closeup 3s {
      prompt: "{yao}, smiling, leaning on his shoulder"
      yao "Eight is enough for one lifetime."
    }
    shot extreme_wide 5s {
      prompt: "{shen} and {yao} on the hill, eight long white tail-shadows on the grass beside them"
      camera: cam.drone_retreat
    }
  }
}
