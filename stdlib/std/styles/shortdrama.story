// std/styles/shortdrama.story - vertical short-drama (竖屏短剧) lighting: the
// glossy, face-first look of 9:16 micro dramas, as lighting setups.
//
//   import "std/styles/shortdrama"      then   style: shortdrama.confrontation
//
// `base` is the format's finish: a face-forward vertical composition, beauty
// retouch, eyes in focus, a rich grade. Each variant is one lighting setup
// of the genre (the romance, the slap, the flashback, the cliffhanger...).
// Use them with series `format: vertical_1080p`.

style base "Vertical short drama" {
  prompt: "vertical 9:16 short drama frame, face-forward composition with the subject in the upper third,
           glossy high-end commercial look, flattering soft key light, clean retouched skin,
           crisp focus on the eyes, catchlights, 85mm portrait lens, shallow depth of field,
           rich saturated color grade"
  negative: "horizontal composition, head cut off by the frame, cluttered background,
             harsh unflattering shadows, noisy, lowres, blurry face, deformed face, extra fingers,
             subtitles, text, watermark, logo"
}

// Romance, daytime: airy, bright, high-key.
style high_key "High-key romance" extends base {
  prompt: "high-key lighting, bright airy window light, large soft diffusion, minimal shadows,
           creamy whites and blush pink tones, dreamy glow, gentle backlit hair"
  negative: "dark moody shadows, low-key, night, desaturated"
}

// The beauty close-up: butterfly light and a ring of catchlights.
style beauty "Beauty close-up" extends base {
  prompt: "butterfly beauty lighting from a large octabox above the lens, silver reflector fill from below,
           luminous flawless skin, sparkling ring catchlights, glossy lips, soft background bokeh"
  negative: "side lighting, deep shadows under the eyes, skin blemishes"
}

// Confrontation: split light, hard contrast, the slap.
style confrontation "Confrontation" extends base {
  prompt: "dramatic confrontation lighting, hard split light dividing the face, deep contrast,
           cool steel-blue fill against a warm key, tense close framing, sharp micro-contrast,
           intense eyes"
  negative: "soft flat lighting, cheerful, pastel"
}

// 霸总: the CEO's penthouse, cool and expensive.
style luxury "Luxury penthouse" extends base {
  prompt: "luxury penthouse at night, floor-to-ceiling windows over a glittering city skyline,
           cool blue-steel ambient light with warm practical lamps, polished marble and glass reflections,
           tailored suits, sleek expensive minimalism"
  negative: "rustic, shabby, cluttered, daylight countryside"
}

// 回忆: the flashback; hazy, warm, faded edges.
style flashback "Flashback" extends base {
  prompt: "nostalgic flashback, warm hazy sunlight, heavy bloom and halation, soft focus at the edges,
           faded desaturated pastel film look, light leaks, dreamlike memory"
  negative: "crisp hard contrast, cold blue grade, sharp edges"
}

// Rain at night: neon rim, wet reflections, heartbreak.
style night_rain "Night rain" extends base {
  prompt: "night rain, neon signs reflected on wet asphalt, colored rim light in magenta and cyan,
           raindrops caught in backlight, wet hair on the face, heartbreak mood"
  negative: "dry, daylight, sunny, warm cozy interior"
}

// 宫斗: palace intrigue, gold and candlelight.
style palace "Palace intrigue" extends base {
  prompt: "imperial palace costume drama, warm candlelight and gold reflections, red lacquer pillars,
           embroidered silk robes and phoenix hairpins, layered gauze curtains, opulent and dangerous"
  negative: "modern clothing, office, neon, cheap costumes"
}

// The episode's last shot: a stark, ominous freeze.
style cliffhanger "Cliffhanger" extends base {
  prompt: "cliffhanger moment, stark underlighting, red accent light, dramatic push-in framing,
           shocked wide eyes, everything else falling into shadow, ominous suspense"
  negative: "calm, relaxed, evenly lit, cheerful"
}
