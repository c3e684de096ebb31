import "std/styles/guofeng"            // style library
import "std/creatures/shanhaijing" as shj

series "The Strange Mirror of Mountains and Seas" {
  format: vertical_1080p               // 1080x1920, 24 fps
  style: guofeng.ink_wash
  language: "en"
}

style storm extends guofeng.ink_wash {
  prompt: "storm light, towering waves, epic scale"
  negative: "modern clothing, text, watermark"
}

character li "Li Xingzhou" {
  look: "young mortal fisherman, weathered face, black topknot,
         scar over the left eyebrow, indigo hemp robe"
  voice: "male, young, resolute"
  seed: 4242
}

creature gonggong "Gong Gong" extends shj.gong_gong {
  look: "god of waters, serpent tail of storm water, copper horns"
}

place shore "The Eastern Shore" { look: "black sand, basalt pillars, split sky" }

music storm_theme { prompt: "guzheng and taiko, rising storm, 90 bpm"  length: 45s }

episode 1 "Waves Rising" {
  scene storm_at_sea at shore {
    style: storm
    cue storm_theme at 0s fade 2s

    shot wide 4s {
      prompt: "{li} stands on the shore, torn nets, waves rising"
      camera: push_in
    }
    shot closeup 3s {
      prompt: "{li} looks up, rain on his face"
      li "If the god of waters wants my village, he takes me first."
    }
    shot wide 5s {
      prompt: "{gonggong} rises from the sea, towering over {li}"
      camera: tilt_up
      takes: 4                         // generate four variants
      pick: 2                          // the approved one
    }
  }
}
