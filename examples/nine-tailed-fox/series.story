// The Fox of Green Hill (青丘狐) - a supernatural romance in two episodes.
//
// Shen Yan, a young herbalist, frees a white fox from a hunter's snare in
// the hills of Qingqiu. That night a woman named Yao knocks at his door to
// repay the debt. She is a nine-tailed fox; the village exorcist knows it.
//
// The look is 3D donghua (std/styles/donghua3d); the fox's true form
// extends the Shan Hai Jing's jiuweihu. Yao has two declarations - her
// human form (a character, who speaks) and her fox form (a creature) -
// sharing one seed so that the two stay recognisably the same being.

import "std/styles/donghua3d"
import "std/creatures/shanhaijing" as shj
import "std/camera" as cam

series "The Fox of Green Hill" {
  format: vertical_1080p
  style: romance
  language: "en"
  negative: "modern clothing, text, watermark"
}

style romance "Romance" extends donghua3d.ethereal {
  prompt: "misty green hills of Qingqiu, peach blossoms, lantern glow"
}

style danger "Danger" extends donghua3d.dark_fantasy {
  prompt: "yellow paper talismans burning, torchlight, night"
}

character shen "Shen Yan" {
  look: "Shen Yan, a gentle young herbalist, tousled black hair tied loosely with a grey ribbon,
         kind dark eyes, faded blue scholar's robe, a bamboo herb basket on his back"
  voice: "male, young, soft-spoken, warm"
  seed: 2718
}

character yao "Yao" {
  look: "Yao, a beautiful young woman with long silver-white hair and amber fox eyes,
         a red mark on her forehead, flowing white and pale gold hanfu with fur trim"
  voice: "female, low, silken, amused"
  seed: 3141
}

creature yao_fox "Yao (true form)" extends shj.jiuweihu {
  look: "a white wound on one foreleg, a red mark on her forehead"
  seed: 3141
}

character lu "Master Lu" {
  look: "Master Lu, a stern middle-aged Taoist exorcist, black and yellow robes, a peach-wood sword,
         a string of yellow paper talismans at his belt, a thin goatee"
  voice: "male, middle-aged, harsh, commanding"
  seed: 1618
}

character aunt_he "Aunt He" {
  look: "Aunt He, a plump cheerful village woman with a flour-dusted apron and a red headscarf"
  voice: "female, middle-aged, loud, cheerful"
  seed: 1414
}

place hills "The Hills of Qingqiu" {
  look: "green terraced hills wrapped in mist, a winding stone path, wild peach trees"
  seed: 9001
}

place hut "The Herbalist's Hut" {
  look: "a small thatched hut at the edge of a bamboo grove, bundles of herbs drying under the eaves,
         a warm lamp in the paper window"
  seed: 9002
}

place village "Peach Village" {
  look: "a small mountain village at night, paper lanterns strung between tiled roofs, a stone bridge over a stream"
  seed: 9003
}

music fox_theme "Green Hill" {
  prompt: "gentle guzheng and soft strings, romantic and mysterious, light wind chimes, 70 bpm"
  length: 60s
}

music lantern_theme "Lanterns" {
  prompt: "warm dizi melody over plucked pipa, festive but tender, evening crowd murmur, 84 bpm"
  length: 40s
}

music hunt_theme "The Exorcist" {
  prompt: "tense low drums, dissonant erhu, temple bells, building dread, 96 bpm"
  length: 50s
}

music tails_theme "Nine Tails" {
  prompt: "solo erhu then full strings, bittersweet, swelling to a quiet resolution, 66 bpm"
  length: 50s
}
