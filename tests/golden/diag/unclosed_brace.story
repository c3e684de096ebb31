episode 1 "Open" {
  scene s {
    shot wide 4s { prompt: "x" }
