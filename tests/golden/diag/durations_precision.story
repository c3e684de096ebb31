episode 1 { scene s { shot wide 1.0005s { prompt: "x" } } }
