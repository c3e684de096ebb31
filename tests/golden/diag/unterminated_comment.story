/* this comment
   never ends
character li { look: "x" }
