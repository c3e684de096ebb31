character li { look: "fisherman" }
style storm { prompt: "storm" }
episode 1 {
  scene s {
    shot wide 4s { prompt: "{} empty" }
    shot wide 4s { prompt: "{li stands" }
    shot wide 4s { prompt: "li } stands" }
    shot wide 4s { prompt: "{storm} is a style" }
    shot wide 4s { prompt: "a literal \{brace\} is fine, {li} too" }
  }
}
