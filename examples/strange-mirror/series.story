// The Strange Mirror of Mountains and Seas (山海镜) - five episodes of about
// three minutes each.
//
// In a kingdom no map remembers, the god of waters Gong Gong takes a bride
// from the fishing village of Shell Bay every tenth year. This year the
// black shell falls to Li Qinghe, and her brother Li Xingzhou, a mortal
// fisherman who has just pulled a strange bronze mirror out of the sea,
// refuses. With Jingwei, the bird who fills the sea, the headless giant
// Xingtian and the Queen Mother of the West, he follows the god to the
// pillar of heaven.
//
// The project is this folder: series.story (imports, series, styles),
// characters.story, places.story, music.story and one file per episode.
//   storyc check examples/strange-mirror
//   storyc build examples/strange-mirror ep1

import "std/styles/guofeng"
import "std/creatures/shanhaijing" as shj
import "std/camera" as cam

series "The Strange Mirror of Mountains and Seas" {
  format: vertical_1080p               // 1080x1920, 24 fps
  style: guofeng.ink_wash
  language: "en"
  negative: "modern clothing, text, watermark"
}

// The series' own styles, each built on a stdlib one.
style storm "Storm" extends guofeng.splashed_ink {
  prompt: "storm light, towering waves, lashing rain, epic scale"
}

style memory "Memory" extends guofeng.gongbi {
  prompt: "faded memory, pale worn silk, soft vignette, muted colors"
}

style marsh "Poisoned marsh" extends guofeng.ink_wash {
  prompt: "sickly grey-green ink washes, poison mist, drowned dead trees"
  negative: "flowers, clear sky, warm light"
}

style ash "Ash and iron" extends guofeng.splashed_ink {
  prompt: "falling ash, rust-red and charcoal ink, smouldering embers"
}

style kunlun "Kunlun" extends guofeng.blue_green {
  prompt: "jade mountain above a sea of clouds, pearl light, sacred stillness"
}

style sky "Above the clouds" extends guofeng.blue_green {
  prompt: "boundless sky, towering clouds lit by a low sun, wind"
}

style undersea "Undersea" extends guofeng.ink_wash {
  prompt: "underwater, pale shafts of light through green water, drifting kelp and bubbles,
           cold jade and indigo washes"
}

style dawn "Dawn" extends guofeng.xieyi {
  prompt: "soft dawn light, rose and pale gold washes, calm sea"
}
