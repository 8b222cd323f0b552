file(REMOVE_RECURSE
  "libparley.a"
)
