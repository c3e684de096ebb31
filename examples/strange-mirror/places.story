// places.story - where the story goes, east to west and back.

place shore "The Eastern Shore" {
  look: "black sand, basalt pillars, split sky"
  seed: 5001
}

place shell_bay "Shell Bay" {
  look: "a fishing village of stilt houses on black sand, drying nets, small wooden boats, basalt pillars behind"
  seed: 5002
}

place altar "The Shell Altar" {
  look: "a village square of packed earth around a stone altar carved with waves, shell wind chimes"
  seed: 5003
}

place cliffs "The Western Cliffs" {
  look: "high sea cliffs with twisted pines, the ocean far below"
  seed: 5004
}

place swamp "Xiangliu's Marsh" {
  look: "a poisoned marsh of grey reeds and dead trees, green mist over black water"
  seed: 5005
}

place changyang "Mount Changyang" {
  look: "a barren mountain slope of ash, broken spears, rusted shields and old bones"
  seed: 5006
}

place kunlun_gates "The Nine Gates of Kunlun" {
  look: "a white jade stairway above the clouds, nine towering gates of jade and bronze"
  seed: 5007
}

place jade_pool "The Jade Pool" {
  look: "a garden of peach trees in blossom around a still jade pool, white jade pavilions, mist"
  seed: 5008
}

place north_sea "The Northern Dark" {
  look: "the endless black northern sea under a pale sky, the foot of Kunlun behind"
  seed: 5009
}

place above_clouds "Above the Clouds" {
  look: "a sea of clouds under an endless sky"
  seed: 5010
}

place coral_palace "The Drowned Palace" {
  look: "an undersea palace of red coral and sunken ships, glowing jellyfish lanterns, pearl thrones"
  seed: 5011
}

place buzhou "Mount Buzhou" {
  look: "Mount Buzhou, a cracked stone pillar holding up the sky, a storm sea churning at its base"
  seed: 5012
}
