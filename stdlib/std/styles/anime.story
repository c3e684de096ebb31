// std/styles/anime.story - 2D anime and manhua looks.
//
//   import "std/styles/anime"      then   style: anime.luminous_sky
//
// `base` is a clean modern anime key visual; variants are the looks
// people actually ask for, described by technique rather than by artist
// or studio names (which models follow unevenly and which date quickly).

style base "Anime" {
  prompt: "anime key visual, clean confident lineart, cel shading with crisp two-tone shadows,
           expressive eyes with detailed highlights, harmonious vibrant palette,
           detailed painted background, high quality, sharp focus"
  negative: "photorealistic, photograph, 3d render, western cartoon, lowres, bad anatomy, bad hands,
             extra fingers, missing fingers, fused fingers, blurry, jpeg artifacts, sketch,
             text, watermark, signature"
}

// Luminous skies: towering clouds, light rays, glittering air.
style luminous_sky "Luminous sky" extends base {
  prompt: "hyper-detailed painted background, towering luminous cumulus clouds, dramatic sky gradients,
           sunlight rays and lens flare, glittering light particles, reflections on wet streets,
           saturated blue and gold, emotional and nostalgic"
  negative: "flat grey sky, dull lighting, simple background"
}

// Hand-painted pastoral: watercolour backgrounds, warm and gentle.
style pastoral "Hand-painted pastoral" extends base {
  prompt: "hand-painted watercolor and gouache backgrounds, soft natural light, lush green countryside,
           wind through grass, warm gentle palette, simple rounded character designs,
           cozy whimsical atmosphere, traditional 2D animation"
  negative: "neon, hard digital gradients, glossy, dark gritty mood"
}

// 1990s cel anime: film grain, muted, hand-inked.
style retro90s "1990s cel anime" extends base {
  prompt: "1990s anime screenshot, hand-painted cels, slightly muted palette, soft film grain,
           subtle chromatic bleed, thick hand-inked lines, dramatic shadow shapes,
           nostalgic analog look"
  negative: "modern digital glow, hdr, glossy highlights, 3d cgi"
}

// Shoujo: soft focus, sparkles, petals.
style shoujo "Shoujo romance" extends base {
  prompt: "shoujo manga romance, soft focus glow, sparkling bokeh, drifting flower petals,
           delicate thin lineart, pastel pink and lavender palette, large shimmering eyes,
           tender expressions, decorative floral frames of light"
  negative: "gritty, gore, heavy shadows, muscular exaggeration"
}

// Dark seinen: heavy blacks, grit, desaturation.
style seinen "Dark seinen" extends base {
  prompt: "dark seinen anime, heavy black shadows, desaturated palette, gritty texture,
           sharp angular lineart, hard rim light, tense mature atmosphere, cinematic framing"
  negative: "cute, chibi, pastel, sparkles, bright cheerful colors"
}

// 国漫 manhua / webtoon: full-colour vertical digital comic painting.
style manhua "Manhua (full-colour webcomic)" extends base {
  prompt: "Chinese manhua webtoon illustration, full-color digital painting, soft airbrushed shading over clean lines,
           glossy hair highlights, beautiful idealized faces, ornate costume details,
           glowing effects, vertical scroll composition"
  negative: "rough sketch, monochrome, screentone, western comic style"
}
