import "x" as again
style sy { prompt: "y" }
