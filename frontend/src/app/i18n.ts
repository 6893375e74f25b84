import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './locales/en'
import { ptBR } from './locales/pt-BR'


const STORAGE_KEY = 'multichat.language'

function savedLanguage(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? 'pt-BR'
  } catch {
    return 'pt-BR'
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'pt-BR': { translation: ptBR }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'pt-BR',
  interpolation: { escapeValue: false },
  showSupportNotice: false,
})

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // private mode: the choice lasts for this tab only
  }
})
document.documentElement.lang = i18n.language

export default i18n
