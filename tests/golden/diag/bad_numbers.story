music m { prompt: "x" length: 4sec }
character li { seed: 99999999999999999999 }
character mei { seed: 12abc }
