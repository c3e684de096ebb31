series "S" { format: vertical_1090p language: "english!" fps: 500 }
character li { look: 42 voice: calm seed: "7" colour: "red" }
place shore { lok: "sand" }
camera slow { motion: push_inward prompt: "slow" }
episode 1 {
  scene s {
    shot wide 4s { prompt: "x" takes: 0 }
    shot wide 4s { prompt: "x" pick: 2 }
    shot wide 4s { prompt: "x" takes: 101 }
  }
}
