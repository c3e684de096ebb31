import "std/camera"
