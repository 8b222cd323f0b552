/* being written */
#include "parley/parley.h"
int main(int argc, char **argv)
{
    return 1;
}
