// std/styles/cinematic.story - cinematic realism: photoreal film stills with
// a named light and grade.
//
//   import "std/styles/cinematic"      then   style: cinematic.golden_hour
//
// `base` is the camera and finish (large-sensor digital cinema, anamorphic
// glass, natural skin, grain); each variant is a lighting setup and colour
// grade a cinematographer would name.

style base "Cinematic realism" {
  prompt: "cinematic film still, photorealistic, shot on ARRI Alexa 65 with anamorphic lenses,
           natural skin texture with fine pores, motivated practical lighting, shallow depth of field,
           high dynamic range, professional color grade, subtle 35mm film grain"
  negative: "cartoon, anime, illustration, painting, drawing, 3d render, cgi, plastic skin,
             airbrushed, oversmoothed, overexposed, lowres, blurry, deformed hands, extra fingers,
             text, watermark, logo"
}

style golden_hour "Golden hour" extends base {
  prompt: "golden hour, low warm sun raking across the scene, long soft shadows, backlit hair glowing,
           amber and honey tones, gentle lens flare, warm haze"
  negative: "midday sun, cold blue cast, flat overcast light"
}

style blue_hour "Blue hour" extends base {
  prompt: "blue hour twilight, deep cobalt sky, first warm window lights, cool ambient fill,
           quiet melancholy mood, teal and sodium-orange accents"
  negative: "bright daylight, harsh sun, warm golden light"
}

// Chiaroscuro: one hard key, deep blacks.
style low_key "Low-key chiaroscuro" extends base {
  prompt: "low-key chiaroscuro lighting, single hard key light from the side, deep crushed blacks,
           Rembrandt triangle on the face, dust in the beam, brooding intense mood"
  negative: "high-key, flat even lighting, bright background"
}

// The blockbuster grade.
style teal_orange "Teal and orange blockbuster" extends base {
  prompt: "blockbuster color grade, teal shadows and warm orange skin tones, high contrast,
           epic wide-angle scale, atmospheric haze, strong backlight and rim light"
  negative: "desaturated, sepia, monochrome"
}

// Period drama: candles and tungsten.
style candlelight "Candlelit period drama" extends base {
  prompt: "period drama lit only by candles and oil lamps, warm flickering tungsten glow,
           faces emerging from darkness, soft falloff, rich brown and gold palette, painterly intimacy"
  negative: "electric light, neon, fluorescent, cold blue daylight"
}

// Overcast epic: soft, grey, vast.
style overcast "Overcast epic" extends base {
  prompt: "overcast sky, soft diffused light, muted desaturated earth tones, mist over hills,
           wide open vistas, cold wind, stoic and elemental, Nordic film look"
  negative: "harsh sun, saturated colors, lens flare"
}

// Film noir in black and white.
style noir "Film noir" extends base {
  prompt: "black and white film noir, hard venetian-blind shadows, wet streets, smoke,
           high contrast silver gelatin look, low angles, mystery and menace"
  negative: "color, pastel, soft flat lighting, cheerful"
}

// Documentary realism: handheld, available light.
style documentary "Documentary realism" extends base {
  prompt: "documentary realism, available natural light, handheld observational framing,
           candid unposed moments, true-to-life colors, slight grain, 35mm lens"
  negative: "staged glamour lighting, heavy color grade, perfect symmetry"
}

// Storm and sea: for the water gods of the Shan Hai Jing.
style storm "Storm at sea" extends base {
  prompt: "violent storm at sea, towering dark waves, wind-driven rain and spray, lightning splitting the clouds,
           cold steel-blue and slate grey palette with a white-hot flash, epic scale, practical water effects"
  negative: "calm water, sunny, clear sky"
}
