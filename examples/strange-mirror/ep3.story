// Episode 3 - Headless. On the old battlefield of Mount Changyang, the
// giant who lost his head and kept fighting teaches a fisherman to stand.

episode 3 "Headless" {

  scene old_battlefield "The Old Battlefield" at changyang {
    style: ash
    cue xingtian_theme at 0s fade 2s

    shot cam.establishing 5s {
      prompt: "a dead mountain under a sky of falling ash"
      camera: cam.drone_rise
    }
    shot wide 3s {
      prompt: "{li} limps uphill leaning on his boat hook, {jingwei} circling above"
      camera: cam.follow
    }
    shot insert 3s {
      prompt: "a wounded leg wrapped in torn indigo cloth, blood seeping through"
    }
    shot medium 4s {
      prompt: "{li} sinks down against a giant rusted shield"
      li "I can't beat gods with a fishing hook."
    }
    shot medium_close 4s {
      prompt: "{jingwei} lands on the rim of the shield"
      jingwei "Then you've come to the right grave."
    }
    shot cam.worms_eye 3s {
      prompt: "the ground trembles, bones rattling on the slope"
      camera: cam.earthquake
    }
    shot wide 5s {
      prompt: "{xingtian} rises out of the earth, shield and axe raised"
      camera: tilt_up
      takes: 3
    }
    shot cam.low_angle 3s {
      prompt: "the torso of {xingtian}: the eyes on his chest blink open"
      camera: push_in
    }
    shot closeup 4s {
      prompt: "the navel mouth of {xingtian} speaks"
      xingtian "Who sleeps against my shield?"
    }
    shot medium 3s {
      prompt: "{li} scrambles backward through the ash"
      li "You... have no head."
    }
    shot medium_close 4s {
      prompt: "{xingtian} leans on his axe"
      xingtian "The Emperor took it. I kept the rest."
    }
    shot wide 4s {
      prompt: "{xingtian} dances a war dance, axe and shield clashing, ash swirling"
      camera: cam.slow_orbit
    }
    shot closeup 4s {
      prompt: "{li} watches in awe"
      li "Why keep fighting when you've lost?"
    }
    shot medium 4s {
      prompt: "{xingtian} stops, axe lowered"
      xingtian "I have not lost. I am still standing."
    }
    shot wide 3s {
      prompt: "{xingtian} tosses a bronze shield at the feet of {li}"
      camera: cam.whip_pan
    }
    shot closeup 3s {
      prompt: "{li} looks from the shield to the giant"
      li "Teach me."
    }
  }

  scene training "Still Dancing" at changyang {
    style: ash
    prompt: "days passing, dusk to night to dawn"
    cue xingtian_theme at 0s fade 2s

    shot wide 3s {
      prompt: "{li} lifts the heavy bronze shield, staggering"
    }
    shot medium 3s {
      prompt: "the axe of {xingtian} strikes the shield, sparks bursting"
      camera: cam.handheld_tense
    }
    shot closeup 3s {
      prompt: "{li} knocked flat in the ash"
      xingtian "Up."
    }
    shot wide 3s {
      prompt: "{li} is thrown again, rolls through the ash and rises"
      camera: cam.handheld_tense
    }
    shot closeup 3s {
      prompt: "the chest eyes of {xingtian} narrow"
      xingtian "Again."
    }
    shot medium 3s {
      prompt: "{li} gets up, a split lip, eyes burning"
      camera: crane
    }
    shot wide 3s {
      prompt: "dusk, {li} blocks a blow with his feet planted"
      camera: cam.arc_shot
    }
    shot cam.choker 3s {
      prompt: "{li}, fierce now, ash on his face"
      camera: cam.slow_push
    }
    shot wide 4s {
      prompt: "night, {li} and {xingtian} spar by firelight, sparks flying"
      camera: orbit
    }
    shot medium 4s {
      prompt: "{xingtian} sits by the fire, axe across his knees"
      xingtian "A god's strength is great. So is his pride."
    }
    shot medium_close 3s {
      prompt: "{li} across the fire"
      li "And pride is a weakness?"
    }
    shot medium 3s {
      prompt: "{xingtian} taps his chest where a heart beats"
      xingtian "Pride cannot bear its own face."
    }
    shot insert 3s {
      prompt: "the cracked {mirror} in firelight"
      camera: push_in
    }
    shot extreme_wide 4s {
      prompt: "dawn, {li} stands alone on the summit, the shield on his back"
      camera: cam.crane_up
    }
    shot wide 3s {
      prompt: "{bifang} flies low overhead on one leg tucked, trailing sparks"
      camera: cam.slow_pan_right
    }
    shot closeup 3s {
      prompt: "{jingwei} on the shield's rim, watching the fire bird"
      jingwei "Bifang flies east. Fire follows."
    }
    shot cam.two_shot 4s {
      prompt: "{li} and {xingtian} look east together"
      li "Something is burning at sea."
    }
  }

  scene the_sky_breaks "The Sky Breaks" at changyang {
    prompt: "a black storm on the eastern horizon"
    cue omen_theme at 0s fade 2s

    shot extreme_wide 4s {
      prompt: "on the eastern horizon a black column of storm water climbs into the sky"
      camera: cam.slow_push
    }
    shot cam.three_shot 3s {
      prompt: "{li}, {xingtian} and {jingwei} on the summit, watching the storm"
    }
    shot closeup 4s {
      prompt: "{jingwei}, feathers flattened by the wind"
      jingwei "He marches on Mount Buzhou."
    }
    shot medium_close 3s {
      prompt: "{li} turns to her"
      li "The pillar of heaven?"
    }
    shot wide 5s {
      prompt: "long ago, {gonggong} smashes his horns into a mountain pillar, the sky tilting"
      style: memory
      camera: cam.earthquake
    }
    shot wide 4s {
      prompt: "the sky cracks, stars sliding west, rivers running east"
      style: memory
      camera: cam.slow_pan_left
    }
    shot medium 4s {
      prompt: "{xingtian} plants his shield in the ash"
      xingtian "Last time the sky broke, Nüwa mended it."
    }
    shot medium 4s {
      prompt: "{xingtian} points his axe at the mirror"
      xingtian "There is no Nüwa now. Only her mirror."
    }
    shot closeup 3s {
      prompt: "{li} grips the cracked mirror"
      li "And a fisherman."
    }
    shot closeup 4s {
      prompt: "{qinghe} laughing on the beach at dawn, holding up a shell"
      style: memory
      camera: cam.slow_push
    }
    shot closeup 3s {
      prompt: "{li} closes his eyes"
      li "Hold on, Qinghe."
    }
    shot wide 3s {
      prompt: "{xingtian} drives his axe into the ground before {li}"
      xingtian "Go to Kunlun."
    }
    shot medium 4s {
      prompt: "{xingtian} thumps his chest, the navel mouth grinning"
      xingtian "Tell the Queen I still dance."
    }
    shot cam.two_shot 4s {
      prompt: "{li} bows deeply to {xingtian}"
      li "I won't fall."
    }
    shot medium 3s {
      prompt: "{xingtian} rests a huge hand on the shoulder of {li}"
      xingtian "You will. Then get up."
    }
    shot insert 3s {
      prompt: "{jingwei} picks a white pebble out of the ash"
    }
    shot cam.back_view 4s {
      prompt: "{li} walks west down the mountain with the bronze shield, {jingwei} flying ahead"
      camera: cam.drone_retreat
    }
    shot wide 4s {
      prompt: "{xingtian} alone on the summit, dancing against the storm"
      camera: orbit
    }
  }
}
