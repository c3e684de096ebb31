// std/creatures/shanhaijing.story - gods and beasts of the Classic of
// Mountains and Seas (山海经, Shan Hai Jing), with a few close relatives
// from the Zhuangzi and the Shen Yi Jing that stories always pair with it.
//
//   import "std/creatures/shanhaijing" as shj
//   creature gonggong "Gong Gong" extends shj.gong_gong { look: "copper horns" }
//
// Each look follows the classic's own description (quoted in the comment
// above it, with the chapter), written as a noun phrase so that it reads
// well where `{name}` puts it: "{bifang} circles the burning village".
// Gods that speak have a voice; seeds keep each creature's design stable
// from shot to shot (override them in your own `extends`).

// ---- Gods of water and sky --------------------------------------------

// 共工: 人面蛇身朱发 - god of water, who butted Mount Buzhou and tilted the sky.
creature gong_gong "Gong Gong 共工" {
  look: "Gong Gong, god of water, a titan with a human face and wild crimson hair,
         the body of a colossal black-green serpent, scales streaming with flood water,
         surrounded by churning flood waters"
  voice: "male, deep, thunderous, ancient, contemptuous"
  seed: 1101
}

// 相柳 (大荒北经, 海外北经): 共工之臣...九首人面，蛇身而青 - Gong Gong's
// minister; what it touches turns to swamp.
creature xiangliu "Xiangliu 相柳" {
  look: "Xiangliu, minister of Gong Gong, a huge green-scaled serpent with nine human heads
         on nine swaying necks, each face pale and cruel, the ground beneath it turning to
         poisoned swamp, reeking mist"
  voice: "many voices speaking at once, hissing, cold, male"
  seed: 1102
}

// 天吴 (海外东经): 是为水伯...八首人面，八足八尾，皆青黄 - the water earl.
creature tianwu "Tianwu 天吴" {
  look: "Tianwu, earl of the waters, a tiger-like beast with eight human heads, eight legs and
         eight tails, its hide striped blue-green and yellow, rising from the valley of the morning sun"
  voice: "male, layered chorus of eight voices, stern"
  seed: 1103
}

// 烛龙 (大荒北经): 人面蛇身而赤，直目正乘，其瞑乃晦，其视乃明 - the torch dragon.
creature zhulong "Zhulong 烛龙" {
  look: "Zhulong the torch dragon, a vast crimson serpent with a human face and vertical eyes
         set in a straight line, holding a blazing torch in its jaws, lighting the dark northern sky;
         when it closes its eyes the world goes dark"
  voice: "male, slow, immense, echoing like wind in a cavern"
  seed: 1104
}

// 烛阴 (海外北经): 视为昼，瞑为夜，吹为冬，呼为夏...身长千里...人面，蛇身，赤色 -
// the god of Mount Zhong.
creature zhuyin "Zhuyin 烛阴" {
  look: "Zhuyin, god of Mount Zhong, a red serpent a thousand li long with a calm human face,
         coiled beneath a black mountain, frost on one side of its breath and summer heat on the other,
         day in its open eyes and night in its closed ones"
  voice: "deep, unhurried, genderless, vast"
  seed: 1105
}

// 应龙 (大荒东经): 应龙处南极，杀蚩尤与夸父 - the winged dragon who brings rain.
creature yinglong "Yinglong 应龙" {
  look: "Yinglong, the winged rain dragon, a long golden-scaled Chinese dragon with great feathered
         wings, antlers and a flowing mane, storm clouds and rain pouring from its wake"
  voice: "male, deep, noble, rumbling like thunder"
  seed: 1106
}

// 蛟 (中山经 注): 似蛇而四脚，小头细颈，颈有白婴 - the flood dragon.
creature jiao "Jiao 蛟" {
  look: "a jiao flood dragon, a serpent-bodied dragon with four short clawed legs and no horns,
         a small head on a slender neck ringed with a white ruff, murky green scales, coiling in river floods"
  seed: 1107
}

// 夔 (大荒东经): 状如牛，苍身而无角，一足，出入水则必风雨，其光如日月，其声如雷.
creature kui "Kui 夔" {
  look: "Kui, a one-legged ox-like beast with a storm-grey body and no horns, glowing like the sun
         and moon, wind and rain bursting around it as it strides out of the Eastern Sea"
  seed: 1108
}

// ---- Beasts of the sea -------------------------------------------------

// 鲲 (庄子·逍遥游): 北冥有鱼，其名为鲲。鲲之大，不知其几千里也.
creature kun "Kun 鲲" {
  look: "Kun, a colossal fish of the northern dark sea, thousands of li long, an island-sized back
         breaking the black water, ancient barnacled scales and a slow gleaming eye"
  seed: 1109
}

// 鹏 (庄子·逍遥游): 化而为鸟，其名为鹏...其翼若垂天之云 - Kun transformed.
creature peng "Peng 鹏" {
  look: "Peng, a gigantic bird transformed from the fish Kun, wings like clouds hanging from heaven,
         dark blue-black feathers, its back thousands of li across, soaring on a whirlwind"
  seed: 1110
}

// 文鳐鱼 (西山经): 状如鲤鱼，鱼身而鸟翼，苍文而白首赤喙...以夜飞.
creature wenyao "Wenyao 文鳐鱼" {
  look: "a wenyao flying fish, carp-shaped with bird wings, grey-blue patterned scales,
         a white head and a red beak, gliding over the waves at night"
  seed: 1111
}

// 旋龟 (南山经): 其状如龟而鸟首虺尾，其音如判木.
creature xuangui "Xuangui 旋龟" {
  look: "a xuangui turtle, a dark river turtle with the head of a bird and the tail of a viper,
         moss on its shell"
  seed: 1112
}

// ---- Birds --------------------------------------------------------------

// 毕方 (西山经): 其状如鹤，一足，赤文青质而白喙...见则其邑有讹火.
creature bifang "Bifang 毕方" {
  look: "Bifang, a crane-like bird standing on a single leg, blue-green plumage with red markings,
         a white beak, sparks and wild fire trailing from its wings"
  seed: 1113
}

// 精卫 (北山经): 其状如乌，文首，白喙，赤足...常衔西山之木石，以堙于东海.
creature jingwei "Jingwei 精卫" {
  look: "Jingwei, a small crow-like bird with a patterned head, a white beak and red feet,
         carrying a twig in its beak to fill the sea"
  voice: "female, young, high, unyielding"
  seed: 1114
}

// 凤皇 (南山经): 其状如鸡，五采而文...首文曰德，翼文曰义，背文曰礼，膺文曰仁，腹文曰信.
creature fenghuang "Fenghuang 凤皇" {
  look: "Fenghuang the phoenix, a pheasant-like bird with five-colored plumage, long flowing tail plumes,
         the markings on its head, wings, back, breast and belly forming ancient patterns of virtue,
         radiant and dignified"
  seed: 1115
}

// 鸾鸟 (西山经): 其状如翟而五采文...见则天下安宁.
creature luan "Luan 鸾鸟" {
  look: "a luan bird, a long-tailed pheasant with five-colored patterned feathers,
         graceful and luminous, an omen of peace"
  seed: 1116
}

// 九凤 (大荒北经): 九首人面鸟身.
creature jiufeng "Jiufeng 九凤" {
  look: "Jiufeng, a great bird with nine human heads on a single feathered body,
         red and gold plumage, nine faces watching in every direction"
  voice: "female, nine voices in unison, solemn"
  seed: 1117
}

// ---- Beasts of the mountains -------------------------------------------

// 九尾狐 (南山经): 青丘之山...其状如狐而九尾，其音如婴儿，能食人.
creature jiuweihu "Jiuweihu 九尾狐" {
  look: "a nine-tailed fox of Qingqiu, a large elegant fox with nine long plume-like tails
         fanning behind it, luminous white-gold fur, knowing amber eyes"
  voice: "female, low, silken, amused"
  seed: 1118
}

// 饕餮 = 狍鸮 (北山经, with 郭璞's note): 其状如羊身人面，其目在腋下，虎齿人爪，其音如婴儿.
creature taotie "Taotie 饕餮" {
  look: "Taotie the devourer, a beast with the body of a ram and a human face,
         eyes set beneath its forelegs, tiger fangs and human hands for claws,
         a gaping insatiable mouth, patterned like an archaic bronze taotie mask"
  seed: 1119
}

// 穷奇 (西山经: 状如牛，猬毛...音如獆狗; 海内北经: 状如虎，有翼).
creature qiongqi "Qiongqi 穷奇" {
  look: "Qiongqi, a man-eating beast shaped like a tiger with feathered wings,
         its hide bristling with hedgehog quills, howling like a dog"
  seed: 1120
}

// 混沌 (神异经): 其状如犬，长毛四足，似熊而无爪，有目而不见...有两耳而不闻.
creature hundun "Hundun 混沌" {
  look: "Hundun, the beast of chaos, a bear-sized dog-like creature with long shaggy fur and no claws,
         blank clouded eyes that cannot see and ears that cannot hear, lumbering aimlessly"
  seed: 1121
}

// 帝江 (西山经): 其状如黄囊，赤如丹火，六足四翼，浑敦无面目，是识歌舞.
creature dijiang "Dijiang 帝江" {
  look: "Dijiang, a yellow sack-like being glowing red as cinnabar fire, with six legs and four wings
         and no face at all, dancing and turning in the air"
  seed: 1122
}

// 蜚 (东山经): 其状如牛而白首，一目而蛇尾...行水则竭，行草则死，见则天下大疫.
creature fei "Fei 蜚" {
  look: "Fei, the plague beast, an ox-shaped creature with a white head, a single eye and a serpent's tail,
         water drying and grass withering wherever it walks"
  seed: 1123
}

// 夫诸 (中山经): 其状如白鹿而四角...见则其邑大水.
creature fuzhu "Fuzhu 夫诸" {
  look: "a fuzhu, a white deer with four antlers, standing in shallow water, an omen of great floods"
  seed: 1124
}

// 当康 (东山经): 其状如豚而有牙...其鸣自叫，见则天下大穰.
creature dangkang "Dangkang 当康" {
  look: "a dangkang, a plump wild boar with long curved tusks, an omen of a rich harvest"
  seed: 1125
}

// 乘黄 (海外西经): 其状如狐，其背上有角，乘之寿二千岁.
creature chenghuang "Chenghuang 乘黄" {
  look: "a chenghuang, a yellow fox-like steed with horns rising from its back,
         whoever rides it lives two thousand years"
  seed: 1126
}

// 麒麟 (not in the classic itself; 说文 and later texts): deer body, ox tail,
// horse hooves, one fleshy horn, scales.
creature qilin "Qilin 麒麟" {
  look: "a qilin, a gentle sacred beast with the body of a deer covered in shimmering scales,
         an ox tail, horse hooves, a single fleshy horn and a flowing mane, walking on clouds without crushing grass"
  seed: 1127
}

// 白泽 (轩辕本纪 and later): a white beast that speaks and knows every spirit.
creature baize "Baize 白泽" {
  look: "Baize, a wise white lion-like beast with curled horns, a goat's beard and extra eyes on its flanks,
         fur pale as snow, calm knowing gaze"
  voice: "male, old, calm, wise"
  seed: 1128
}

// ---- Gods of Kunlun ----------------------------------------------------

// 陆吾 (西山经): 其神状虎身而九尾，人面而虎爪 - keeper of Kunlun.
creature luwu "Luwu 陆吾" {
  look: "Luwu, guardian god of Mount Kunlun, a tiger body with nine tails, a stern human face and tiger claws,
         standing before jade gates"
  voice: "male, stern, measured, resonant"
  seed: 1129
}

// 开明兽 (海内西经): 身大类虎而九首，皆人面，东向立昆仑上.
creature kaiming_shou "Kaiming Shou 开明兽" {
  look: "the Kaiming beast, a tiger-sized guardian with nine human heads, all facing east,
         standing at the nine gates of Kunlun"
  voice: "male, nine voices in unison, grave"
  seed: 1130
}

// 西王母 (西山经): 其状如人，豹尾虎齿而善啸，蓬发戴胜.
creature xiwangmu "Xiwangmu 西王母" {
  look: "Xiwangmu, Queen Mother of the West, a fierce human-like goddess given to long howls,
         a leopard's tail and tiger teeth, wild unkempt hair crowned with a jade sheng ornament"
  voice: "female, regal, sharp, ancient"
  seed: 1131
}

// 刑天 (海外西经): 帝断其首...乃以乳为目，以脐为口，操干戚以舞.
creature xingtian "Xingtian 刑天" {
  look: "Xingtian, the headless giant, a towering muscular warrior with no head, his nipples serving as eyes
         and his navel as a mouth, wielding a shield in one hand and a battle axe in the other, still dancing in defiance"
  voice: "male, booming, muffled, furious, as if from the belly"
  seed: 1132
}
