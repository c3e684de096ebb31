// characters.story - the people of Shell Bay, and the gods and beasts they
// meet. The creatures extend the stdlib's Shan Hai Jing (imported in
// series.story as shj): the classic's look, plus this story's details.

character li "Li Xingzhou" {
  look: "Li Xingzhou, a young mortal fisherman, weathered face, black topknot tied with a red cord,
         scar over the left eyebrow, indigo hemp robe"
  voice: "male, young, resolute"
  seed: 4242
}

character qinghe "Li Qinghe" {
  look: "Li Qinghe, a fifteen-year-old girl, round bright face, two looped black braids,
         pale green cotton dress, a cowrie-shell necklace"
  voice: "female, teenage, bright, quick"
  seed: 4243
}

character fang "Elder Fang" {
  look: "Elder Fang, the village tide-priest, a gaunt old man with a long white beard,
         sea-green ceremonial robe hung with shells, a bone staff"
  voice: "male, old, smooth, cold"
  seed: 4244
}

character tan "Old Tan" {
  look: "Old Tan, a stooped old fisherwoman, deep wrinkles, bamboo hat, patched brown jacket, a long pipe"
  voice: "female, old, gravelly, kind"
  seed: 4245
}

creature gonggong "Gong Gong" extends shj.gong_gong {
  look: "god of waters, serpent tail of storm water, copper horns, eyes like drowned lanterns"
}

creature jingwei "Jingwei" extends shj.jingwei {
  look: "a faint glow around her small body, a white pebble in her beak"
}

creature xiangliu "Xiangliu" extends shj.xiangliu {}

creature xingtian "Xingtian" extends shj.xingtian {
  look: "bronze shield scarred by ten thousand blows, skin grey with the ash of old battles"
}

creature kaiming "The Kaiming Beast" extends shj.kaiming_shou {}

creature luwu "Luwu" extends shj.luwu {}

creature xiwangmu "The Queen Mother of the West" extends shj.xiwangmu {}

creature kun "Kun" extends shj.kun {}

creature peng "Peng" extends shj.peng {}

creature bifang "Bifang" extends shj.bifang {}

// Things that come back in many shots can be declared too, to write their
// look once: {mirror} in a prompt stands for this. (No seed: the seed of a
// shot comes from the people in it.)
creature mirror "The Strange Mirror" {
  look: "the Strange Mirror, a round bronze mirror green with age, its back engraved with
         mountains, seas and tiny beasts"
}
