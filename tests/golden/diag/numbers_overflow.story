character li { seed: 99999999999999999999 }
music m { prompt: "x" length: 9999999999999999h }
