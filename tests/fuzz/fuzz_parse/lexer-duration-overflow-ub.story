music m { length: 99999999999999999999h }
episode 1 { scene a { shot 99999999999999999999.5s { prompt: "x" } } }
