character li { look: "x" ref: "refs/nowhere.png" }
episode 1 { scene s { shot { prompt: "{li}" } } }
