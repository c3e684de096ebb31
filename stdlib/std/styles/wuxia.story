// std/styles/wuxia.story - wuxia (武侠): swordsmen of the jianghu, grounded
// martial arts, no magic.
//
//   import "std/styles/wuxia"      then   style: wuxia.rain_duel
//
// `base` is a live-action wuxia film still (practical costumes, real
// textures, anamorphic lens); the variants are the genre's signature
// looks. For flying immortals and spells use std/styles/xianxia.

style base "Wuxia film" {
  prompt: "wuxia martial arts film still, ancient China jianghu, practical costumes of hemp, cotton and worn leather,
           straight jian swords and sabers, weathered faces, real textures, natural motivated light,
           shot on 35mm film with anamorphic lens, shallow depth of field, subtle film grain"
  negative: "glowing magic effects, fantasy energy, modern clothing, firearms, clean plastic costumes,
             anime, cartoon, 3d render, lowres, blurry, deformed hands, extra fingers, text, watermark"
}

// Colour-blocked epic: the whole frame in one colour, silk flying.
style color_epic "Colour-blocked epic" extends base {
  prompt: "bold color-blocked composition, the whole frame dominated by one color, billowing silk robes
           and banners, storm of falling leaves, stylized graceful choreography, symmetrical framing,
           saturated crimson, azure or white set against the landscape, painterly and operatic"
  negative: "muted mixed palette, cluttered background, handheld documentary look"
}

// A duel in the rain at night.
style rain_duel "Rain duel" extends base {
  prompt: "night duel in heavy rain, wet flagstone courtyard, paper lanterns backlighting the rain,
           steel glinting, water spraying from a sword arc, silhouettes with hard rim light,
           cold blue shadows and warm lantern pools, tense low-key lighting"
  negative: "dry ground, daylight, sunny, soft flat light"
}

// 龙门客栈: the frontier inn, desert and dust.
style frontier "Desert frontier" extends base {
  prompt: "sun-bleached desert frontier, wind-blown sand, amber haze, hard noon sun with short shadows,
           dust and sweat on faces, rough timber inn and tattered flags, bleached earth palette,
           heat shimmer, gritty and sparse"
  negative: "lush greenery, rain, snow, clean pristine costumes"
}

// 竹林: the bamboo forest duel, green and airy.
style bamboo "Bamboo forest" extends base {
  prompt: "towering bamboo forest, green light filtering through swaying leaves, fighters balanced on
           bending bamboo tops, morning mist, vertical rhythm of stalks, fresh jade-green palette,
           graceful airy wirework"
  negative: "desert, dust, night, red palette"
}

// 1990s Hong Kong wuxia: smoky studio sets, backlight, halation.
style hk90s "1990s Hong Kong wuxia" extends base {
  prompt: "1990s Hong Kong wuxia film still, smoke-filled studio set, strong backlight through haze,
           halation and bloom around highlights, warm tungsten color cast, wire-assisted leaps,
           Kodak Vision film stock, heavy grain, slightly soft vintage lens"
  negative: "digital clean look, modern color grade, sharp hdr"
}

// 雪: snow, silence, a lone swordsman.
style snow "Snowbound silence" extends base {
  prompt: "snowbound wilderness, falling snow, pale overcast light, breath fogging in the cold,
           black cloaks against white, ink-like bare trees, vast quiet negative space,
           desaturated palette with a single red accent"
  negative: "warm sunlight, green foliage, saturated colors"
}
