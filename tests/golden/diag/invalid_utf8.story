character li { look: "cafÃ(" }
