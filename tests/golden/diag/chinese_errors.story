character 李星舟 { look: "渔夫" }
episode 1 {
  scene 风暴 {
    shot wide 3s { prompt: "{李星州} 站在岸边" 色彩: "蓝" }
  }
}
