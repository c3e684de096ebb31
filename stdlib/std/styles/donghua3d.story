// std/styles/donghua3d.story - 3D donghua (3D 国漫): the look of Chinese 3D
// animated series - stylized realism, idealized faces, strand hair, layered
// translucent silk, Unreal-style lighting.
//
//   import "std/styles/donghua3d"      then   style: donghua3d.cultivation_epic
//
// `base` is the render look; variants set the genre mood. Characters'
// looks can stay the same when a project moves from ink to 3D.

style base "3D donghua" {
  prompt: "Chinese 3D animation (donghua) render, stylized realism, idealized faces with large expressive eyes
           and porcelain skin, strand-based flowing hair, layered translucent silk hanfu with fine embroidery,
           Unreal Engine 5 render, subsurface scattering, ray-traced global illumination, soft rim light,
           volumetric fog, physically based materials, highly detailed"
  negative: "2d, flat shading, sketch, photograph, live action, uncanny valley, doll-like dead eyes,
             distorted face, asymmetrical eyes, extra limbs, deformed hands, extra fingers,
             lowres, blurry, text, watermark"
}

// 修仙大片: the grand cultivation epic.
style cultivation_epic "Cultivation epic" extends base {
  prompt: "grand cultivation epic, glowing spell circles and golden rune formations, flying swords,
           colossal mountains and floating palaces, god rays through clouds, particle effects,
           heroic low-angle compositions, teal and gold color grade, blockbuster scale"
  negative: "small intimate scale, dull colors, flat lighting"
}

// 唯美: soft, dreamy, romantic.
style ethereal "Ethereal romance" extends base {
  prompt: "dreamy romantic atmosphere, soft diffused backlight, heavy bloom, floating petals and light particles,
           pastel palette of peach, lilac and pearl white, shallow depth of field with creamy bokeh,
           gentle expressions, delicate translucent fabrics catching the light"
  negative: "harsh contrast, gore, dark gritty tones, aggressive poses"
}

// 暗黑: dark fantasy, desaturated with a red accent.
style dark_fantasy "Dark fantasy" extends base {
  prompt: "dark fantasy mood, desaturated cold palette with a single blood-red accent, heavy contrast,
           low-key lighting from one hard source, drifting ash and embers, wet reflective surfaces,
           battle-worn armor and torn robes, ominous and tense"
  negative: "bright cheerful colors, pastel, high-key lighting, cute"
}

// 三渲二: toon-shaded 3D that reads as 2D anime.
style toon_shaded "Toon-shaded 3D" extends base {
  prompt: "toon-shaded 3D, cel-shaded ramp lighting with two-tone shadows, clean ink outlines,
           anime-style faces, vivid saturated palette, crisp graphic shapes, game cinematic look"
  negative: "photorealistic skin, subsurface pores, film grain, muddy shading"
}

// Q版: chibi, cute.
style chibi "Chibi (Q版)" extends base {
  prompt: "chibi 3D figure style, big head small body proportions, round soft shapes, glossy vinyl toy materials,
           bright candy palette, soft studio lighting, cute exaggerated expressions, clean simple background"
  negative: "realistic proportions, gritty textures, horror, gore"
}
