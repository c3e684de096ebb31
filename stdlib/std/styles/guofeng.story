// std/styles/guofeng.story - Chinese painting styles (guofeng, 国风).
//
//   import "std/styles/guofeng"      then   style: guofeng.ink_wash
//
// `base` holds what every traditional Chinese painting shares (brush line,
// paper or silk, restraint, no photographic or 3D look); each variant adds
// its medium, palette and composition. Extend any of them:
//   style storm extends guofeng.ink_wash { prompt: "storm light, towering waves" }
//
// Prompts name painting techniques (xieyi, gongbi, cun texture strokes,
// liubai empty space) that SDXL, Flux and GPT-image all know; negatives
// keep out the usual failure modes: photo realism, 3D render, anime cel
// shading and the gibberish calligraphy and seals models like to add.

style base "Guofeng" {
  prompt: "traditional Chinese painting, guofeng aesthetic, brush-drawn line with living rhythm,
           layered distance veiled in mist, restrained harmonious palette, visible paper grain"
  negative: "photorealistic, photograph, 3d render, cgi, octane render, glossy plastic,
             anime cel shading, western oil painting, neon colors, oversaturated,
             text, watermark, signature, calligraphy, seal stamp, frame border"
}

// 水墨 shuimo: the design sketch's style. Monochrome ink with breath-like
// washes; most of the frame is paper.
style ink_wash "Ink wash (shuimo 水墨)" extends base {
  prompt: "shuimo ink wash painting on xuan rice paper, expressive xieyi brushstrokes,
           wet ink bleeding into the paper, five tones of ink from scorched black to pale grey,
           dry-brush texture on rocks, faint washes of indigo and ochre,
           generous empty space (liubai), soft misty distance"
  negative: "saturated colors, hard vector outlines, uniform detail everywhere, cluttered composition"
}

// 泼墨 pomo: splashed ink, for storms, battles and gods.
style splashed_ink "Splashed ink (pomo 泼墨)" extends base {
  prompt: "pomo splashed ink painting, bold pools and sprays of black ink, explosive wet-on-wet blooms,
           ink spatter and flying white dry-brush streaks, dramatic dynamic diagonal composition,
           a single accent of cinnabar red, raw energy, vast empty paper"
  negative: "delicate fine lines, pastel colors, static symmetrical composition, clean digital edges"
}

// 工笔 gongbi: meticulous fine-line painting in mineral colours on silk.
style gongbi "Gongbi fine-line (工笔)" extends base {
  prompt: "gongbi meticulous court painting, fine even ink outlines (iron-wire line),
           layered mineral pigments on aged silk, malachite green, azurite blue, cinnabar red,
           lead white and touches of gold leaf, flat subtle color gradients,
           intricate patterns on robes, hair ornaments and feathers, calm elegant poses"
  negative: "loose sketchy brushwork, ink splatter, blurry edges, impasto, heavy shadows,
             dramatic chiaroscuro, lens blur"
}

// 青绿山水 qinglü shanshui: blue-green landscape in the manner of the Song
// handscroll "A Thousand Li of Rivers and Mountains".
style blue_green "Blue-green landscape (qinglü shanshui 青绿山水)" extends base {
  prompt: "qinglu blue-green landscape painting, jagged towering peaks in azurite blue and malachite green
           over an ochre ground, ridges outlined in fine ink, drifting bands of white cloud,
           winding rivers, tiny pavilions and travellers for scale,
           panoramic handscroll composition in the manner of A Thousand Li of Rivers and Mountains,
           aged silk with a warm patina"
  negative: "dull grey palette, photographic sky, modern buildings, lens flare"
}

// 写意 xieyi: freehand ink with bright colour, flower-and-bird manner.
style xieyi "Freehand ink and colour (xieyi 写意)" extends base {
  prompt: "xieyi freehand ink and color painting, quick confident strokes capturing spirit over likeness,
           boneless mogu washes of rouge red, rattan yellow and spring green over loose ink structure,
           flowers, branches and birds drawn in a few gestures, lively asymmetry, open white paper"
  negative: "tight outlines, meticulous detail, photographic lighting, dark heavy background"
}

// 白描 baimiao: pure ink line, no colour, no wash.
style baimiao "Line drawing (baimiao 白描)" extends base {
  prompt: "baimiao ink line drawing, pure black outlines of varying pressure on white paper,
           flowing drapery lines like floating silk threads, no shading, no color, no wash,
           elegant figure drawing in the classical tradition, clean empty background"
  negative: "color, gray wash, shading, gradients, texture fill, crosshatching"
}

// 敦煌壁画: Dunhuang cave murals (Mogao grottoes), for gods and the sky.
style dunhuang "Dunhuang mural (敦煌壁画)" extends base {
  prompt: "Dunhuang Mogao cave mural painting, flying apsaras with streaming ribbons,
           earthy palette of ochre, iron red, lapis blue and malachite, darkened copper-green accents,
           gold leaf halos, flat decorative composition with cloud scrolls and lotus motifs,
           weathered cracked plaster, faded pigment, centuries of patina"
  negative: "clean modern digital finish, glossy surface, perspective photography, bright white background"
}

// 年画 nianhua: woodblock New Year print, bold and festive.
style nianhua "Woodblock New Year print (nianhua 年画)" extends base {
  prompt: "Chinese nianhua woodblock New Year print, bold black carved outlines,
           flat saturated vermilion, peach pink, emerald and yellow, symmetrical festive composition,
           chubby auspicious figures, plum blossoms, carp and clouds, slight misregistration of colors,
           rough handmade paper"
  negative: "muted palette, gradients, soft airbrush, realistic shading, ink wash mist"
}
