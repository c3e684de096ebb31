music m { prompt: "x" length: 2h }
episode 1 {
  scene s {
    cue m at -1s fade 1s
    shot wide 0s { prompt: "x" }
    shot wide 1.5s { prompt: "fine" }
  }
}
