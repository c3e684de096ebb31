// Names and text may be Chinese.
series "山海镜" { format: vertical_720p language: "zh" }
character 李星舟 "李星舟" { look: "年轻的渔夫，额上有疤" voice: "male, young" }
place 东海岸 "东海岸" { look: "黑色沙滩，玄武岩柱" }
episode 1 "浪起" {
  scene 风暴 at 东海岸 {
    shot wide 3s {
      prompt: "{李星舟} 站在岸边"
      李星舟 "若水神要我的村子，先带走我。"
    }
  }
}
