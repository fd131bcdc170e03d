"""Coordinations: the network's local groups, and the geography they stand on.

Today this package holds the geography (communes with postal codes, centres and population, from the open
data in `data/`, see its NOTICE.md) and the travel-time model that « une coordination à 30 minutes de chez
soi » is measured with. The coordinations themselves build on it (issue « Coordinations »).
"""
