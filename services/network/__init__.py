"""The network and its cities: settings, stage progress, indicators, the network rollup."""
