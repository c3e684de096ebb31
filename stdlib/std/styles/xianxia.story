// std/styles/xianxia.story - xianxia (仙侠): immortals, cultivation, flying
// swords, realms above the clouds.
//
//   import "std/styles/xianxia"      then   style: xianxia.celestial
//
// `base` is the genre look as a high-end digital painting / concept-art
// key frame; the variants set the mood and light of a realm. For the same
// world as a 3D donghua, see std/styles/donghua3d; for grounded martial
// arts without magic, std/styles/wuxia.

style base "Xianxia" {
  prompt: "xianxia fantasy, epic Chinese cultivation world, flowing layered hanfu with long drifting sleeves
           and silk ribbons, hair in jade crowns and hairpins, luminous spiritual qi,
           soft volumetric light through mist, sea of clouds, highly detailed digital painting,
           cinematic concept art key frame, elegant composition"
  negative: "modern clothing, guns, cars, western medieval plate armor, sci-fi technology,
             lowres, blurry, jpeg artifacts, bad anatomy, deformed hands, extra fingers,
             text, watermark, signature"
}

// 仙界: the heavens. Bright, pure, gold and white jade.
style celestial "Celestial realm" extends base {
  prompt: "heavenly immortal realm, white jade terraces and vermilion palaces floating on golden clouds,
           red-crowned cranes in flight, pearlescent high-key light, soft bloom and god rays,
           palette of white jade, pale gold and celadon, serene and sacred"
  negative: "dark gloomy atmosphere, grime, blood, horror"
}

// 秘境 / 月夜: moonlit mountains, cold and quiet.
style moonlit "Moonlit mountains" extends base {
  prompt: "moonlit night among floating mountains, huge pale moon, cold silver-blue moonlight,
           drifting fireflies of spirit light, waterfalls falling into cloud, long soft shadows,
           palette of indigo, silver and jade green, hushed and mysterious"
  negative: "daylight, harsh sun, warm orange palette"
}

// 斗法: a clash of spells; energy, debris, speed.
style battle "Spell battle" extends base {
  prompt: "dynamic xianxia battle, flying swords leaving streaks of azure light, colliding spell formations
           of glowing golden runes, shockwaves tearing through clouds, shattered rock hanging in the air,
           dramatic rim light, motion blur on debris, high contrast, intense energy"
  negative: "static pose, calm, empty sky, flat lighting"
}

// 魔道: the demonic path; blood moon, black flame.
style demonic "Demonic path" extends base {
  prompt: "demonic cultivator realm, blood-red moon, black and crimson flames, swirling dark qi smoke,
           jagged obsidian peaks, bone-white ruins, ominous underlighting, deep shadows,
           palette of black, crimson and sickly violet, menacing and grand"
  negative: "bright cheerful colors, pastel, soft daylight, flowers"
}

// 洞府: a cultivator's cave abode, warm and intimate.
style cave_abode "Cave abode" extends base {
  prompt: "quiet cultivation cave abode, jade meditation platform, spirit herbs glowing softly,
           incense smoke curling in a shaft of light from above, bronze censers and bamboo scrolls,
           warm candlelight against cool cave stone, intimate calm atmosphere"
  negative: "open sky, crowds, battle, harsh daylight"
}
