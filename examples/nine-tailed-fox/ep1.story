// Episode 1 - The Fox in the Snare.

episode 1 "The Fox in the Snare" {

  scene snare "The Snare" at hills {
    cue fox_theme at 0s fade 2s

    shot cam.establishing 4s {
      prompt: "morning mist over the green hills, a lone figure on the stone path"
      camera: cam.drone_flyover
    }
    shot wide 3s {
      prompt: "{shen} climbs the path, picking herbs into his basket"
      camera: cam.follow
    }
    shot insert 3s {
      prompt: "a white fox caught in an iron snare, blood on the snow-white fur of one foreleg"
      camera: push_in
    }
    shot medium 3s {
      prompt: "{shen} kneels slowly beside the trapped fox"
      shen "Easy. I won't hurt you."
    }
    shot closeup 3s {
      prompt: "{yao_fox} bares her teeth, amber eyes wary"
    }
    shot cam.macro 3s {
      prompt: "careful hands prying open the iron jaws of the snare"
    }
    shot medium_close 4s {
      prompt: "{shen} binds the fox's leg with a strip torn from his sleeve"
      shen "There. Stay off that leg."
    }
    shot closeup 3s {
      prompt: "{yao_fox} tilts her head, studying him"
      camera: cam.slow_push
    }
    shot wide 4s {
      prompt: "{yao_fox} limps into the bamboo; for a moment nine shadows of tails fan out on the mist"
      camera: cam.rack_focus
    }
    shot closeup 3s {
      prompt: "{shen} blinks, rubbing his eyes"
      shen "Nine... tails?"
    }
  }

  scene knock "A Knock at Night" at hut {
    prompt: "night, rain on the thatch, warm lamplight inside"
    cue fox_theme at 0s fade 2s

    shot wide 3s {
      prompt: "the hut in the rain, a slim figure with an umbrella at the door"
      camera: cam.slow_push
    }
    shot medium 3s {
      prompt: "{shen} opens the door, lamp in hand"
    }
    shot cam.over_shoulder_close 4s {
      prompt: "{yao} under a red paper umbrella, smiling, a bandage on her wrist"
      yao "I've come to repay a debt."
    }
    shot closeup 3s {
      prompt: "{shen}, puzzled"
      shen "I don't think we've met."
    }
    shot closeup 4s {
      prompt: "{yao} holds up her bandaged wrist; the strip of cloth is from his sleeve"
      yao "You tore your sleeve for me."
    }
    shot cam.two_shot 4s {
      prompt: "{shen} and {yao} by the lamp, steam rising from two cups of tea"
      camera: cam.arc_shot
    }
    shot medium_close 3s {
      prompt: "{yao} warms her hands on the cup"
      yao "Foxes pay their debts."
    }
    shot medium_close 3s {
      prompt: "{shen} smiles despite himself"
      shen "Then you owe me a sleeve."
    }
    shot closeup 3s {
      prompt: "{yao} laughs, eyes glinting amber in the lamplight"
    }
  }

  scene lanterns "The Lantern Festival" at village {
    cue lantern_theme at 0s fade 2s

    shot cam.establishing 4s {
      prompt: "the village bridge crowded for the lantern festival, hundreds of paper lanterns"
      camera: cam.crane_down
    }
    shot wide 3s {
      prompt: "{shen} and {yao} walk through the crowd, shoulders almost touching"
      camera: cam.follow
    }
    shot medium 3s {
      prompt: "{aunt_he} at her dumpling stall, winking at them"
      aunt_he "Shen Yan has a sweetheart!"
    }
    shot cam.two_shot 3s {
      prompt: "{shen} blushes; {yao} slips her hand into his"
    }
    shot wide 4s {
      prompt: "{shen} and {yao} release a lantern from the bridge, it floats up over the stream"
      camera: tilt_up
    }
    shot closeup 3s {
      prompt: "{yao}, lantern light on her face"
      yao "What did you wish for?"
    }
    shot closeup 3s {
      prompt: "{shen}, looking only at her"
      shen "It already came true."
    }
    shot cam.telephoto 3s {
      prompt: "across the crowd, {lu} watches them, a talisman smoldering between his fingers"
      camera: cam.rack_focus
    }
    shot cam.choker 3s {
      prompt: "{lu} narrows his eyes"
      lu "Fox."
    }
  }
}
